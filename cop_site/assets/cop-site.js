/* cop-site: filter the member directory by domain and mentors. Works with Material's instant navigation. */
(function () {
  function setup() {
    var box = document.querySelector("[data-cop-filter]");
    if (!box || box.dataset.copReady) return;
    box.dataset.copReady = "1";
    box.hidden = false;
    var select = box.querySelector("#cop-filter-domain");
    var mentor = box.querySelector("#cop-filter-mentor");
    var count = box.querySelector(".cop-filter__count");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".cop-people:not(.cop-people--alumni) .cop-card__data"));
    function apply() {
      var domain = select.value;
      var shown = 0;
      cards.forEach(function (data) {
        var item = data.closest("li");
        var domains = (data.getAttribute("data-domains") || "").split(" ");
        var ok = (!domain || domains.indexOf(domain) >= 0) && (!mentor.checked || data.getAttribute("data-mentor") === "yes");
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + cards.length + " shown";
    }
    select.addEventListener("change", apply);
    mentor.addEventListener("change", apply);
    apply();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
