/* cop-site: the people finder on /people/. Without this script the page is the complete list, in pages; with it,
   a form filters every member (from cop.json, fetched once) by topic or name, domain, level, place or time zone,
   status and mentors, keeps the filters in the URL's query so a filtered view can be shared, and shows the matches
   in place of the list. Contributors' text only ever reaches the page as text (textContent), never as HTML.
   Works with Material's instant navigation (document$), and without it. */
(function () {
  "use strict";
  var FIELDS = ["topic", "domain", "level", "place", "status", "mentor"];
  var LEVELS = { expert: "Expert", practitioner: "Practitioner", learning: "Learning" };
  var RANK = { expert: 0, practitioner: 1, learning: 2 };
  var SHOWN = 60;        /* result cards added at a time ("Show more" adds the next ones) */
  var TYPING_MS = 150;   /* the wait after a keystroke in a text field before filtering */
  var loads = {};        /* cop.json's URL -> the promise of its prepared members, kept across instant navigation */

  /* Lower case, accents taken off, "_" and "/" as spaces: "America/Sao_Paulo" -> "america sao paulo". */
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[_/]+/g, " ");
  }

  var OFFSET = /^(?:utc|gmt)(?:([+-\u2212])(\d{1,2})(?::?(\d\d))?)?$/;

  /* "utc+1", "utc-3:30", "utc" (zero): one spelling of an offset, from "UTC+01:00", "GMT+1", "utc-0330"... */
  function offsetWord(word) {
    var m = OFFSET.exec(word);
    if (!m) return null;
    var hours = m[2] ? parseInt(m[2], 10) : 0, minutes = m[3] ? parseInt(m[3], 10) : 0;
    if (!hours && !minutes) return "utc";
    return "utc" + (m[1] === "+" ? "+" : "-") + hours + (minutes ? ":" + (minutes < 10 ? "0" : "") + minutes : "");
  }

  var offsets = {};
  /* The time zone's offset from UTC today, "utc+1", or "" for a zone the browser does not know. */
  function utcOffset(zone) {
    if (!zone) return "";
    if (!(zone in offsets)) {
      offsets[zone] = "";
      try {
        var parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeZoneName: "shortOffset" })
          .formatToParts(new Date());
        for (var i = 0; i < parts.length; i++) {
          if (parts[i].type === "timeZoneName") offsets[zone] = offsetWord(fold(parts[i].value)) || "";
        }
      } catch (e) { /* an unknown zone: no offset */ }
    }
    return offsets[zone];
  }

  function prepare(graph) {
    var titles = Object.create(null);
    (graph.domains || []).forEach(function (d) { titles[d.id] = d.title; });
    var people = (graph.members || []).map(function (m) {
      var expertise = m.expertise && typeof m.expertise === "object" ? m.expertise : {};
      var domains = Object.keys(expertise);
      var offset = utcOffset(m.timezone);
      var topics = Array.isArray(m.topics) ? m.topics.map(String) : [];
      var about = [m.name].concat(topics, domains, domains.map(function (d) { return titles[d] || ""; }));
      return {
        member: m, topics: topics, expertise: expertise, offset: offset, active: m.status !== "alumni",
        levels: domains.map(function (d) { return expertise[d]; }),
        domains: domains.map(function (d) { return [d, titles[d] || d, expertise[d]]; }),
        text: " " + fold(about.join(" | ")) + " ",
        place: " " + fold([m.location, m.timezone, offset].join(" ")) + " ",
        key: fold(m.name)
      };
    });
    /* As the directory lists them: active members A-Z, then alumni A-Z */
    people.sort(function (a, b) {
      return (b.active - a.active) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    });
    return people;
  }

  function load(source) {
    if (!loads[source]) {
      loads[source] = fetch(source, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(prepare);
      loads[source].catch(function () { delete loads[source]; });
    }
    return loads[source];
  }

  /* The filters from the form (or from a query string), checked against what the form offers. */
  function stateOf(form, values) {
    var state = {};
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = values ? values.get(name) || "" : field.type === "checkbox" ? (field.checked ? "1" : "")
        : field.value;
      value = value.trim();
      var offered = Array.prototype.some.call(field.options || [], function (o) { return o.value === value; });
      if (field.tagName === "SELECT" && !offered) value = "";
      if (field.type === "checkbox") value = value === "1" ? "1" : "";
      state[name] = value;
    });
    return state;
  }

  function fill(form, state) {
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (field.type === "checkbox") field.checked = state[name] === "1";
      else field.value = state[name];
    });
  }

  function filtering(state) {
    return FIELDS.some(function (name) { return state[name] !== ""; });
  }

  function keepInUrl(state) {
    var query = new URLSearchParams();
    FIELDS.forEach(function (name) { if (state[name]) query.set(name, state[name]); });
    var search = query.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  /* The members that pass every filter, in the order shown: with a topic, those who name it as a phrase first;
     with a domain, experts, then practitioners, then learners; then as the directory lists them. */
  function select(people, state) {
    var topic = words(state.topic), phrase = " " + topic.join(" ");
    var place = words(state.place).map(function (word) {
      var offset = offsetWord(word);
      return offset ? " " + offset + " " : word;
    });
    var found = [];
    for (var i = 0; i < people.length; i++) {
      var p = people[i], m = p.member, ok = true, j;
      if (state.status === "active" && !p.active || state.status === "alumni" && p.active) continue;
      if (state.mentor && !(m.mentor === true && p.active)) continue;
      if (state.domain) {
        if (!Object.prototype.hasOwnProperty.call(p.expertise, state.domain)) continue;
        if (state.level && p.expertise[state.domain] !== state.level) continue;
      } else if (state.level && p.levels.indexOf(state.level) < 0) continue;
      for (j = 0; ok && j < topic.length; j++) ok = p.text.indexOf(topic[j]) >= 0;
      for (j = 0; ok && j < place.length; j++) ok = p.place.indexOf(place[j]) >= 0;
      if (!ok) continue;
      found.push({ p: p, order: i, phrase: topic.length > 1 && p.text.indexOf(phrase) < 0 ? 1 : 0,
                   rank: state.domain ? RANK[p.expertise[state.domain]] || 0 : 0 });
    }
    found.sort(function (a, b) { return (a.phrase - b.phrase) || (a.rank - b.rank) || (a.order - b.order); });
    return found.map(function (f) { return f.p; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function badge(level, text) {
    return element("span", "cop-badge cop-badge--" + level, text);
  }

  /* One member's card, as the directory's: name and badges, role, levels by domain, place, topics. */
  function card(p, href) {
    var m = p.member, item = element("li"), line = element("p"), link = element("a", "cop-card__name", m.name);
    link.href = href;
    line.appendChild(link);
    if (!p.active) line.appendChild(badge("alumni", "Alumni"));
    else if (m.mentor === true) line.appendChild(badge("mentor", "Mentor"));
    item.appendChild(line);
    item.appendChild(element("p", "", (m.role || "Member") + (m.organization ? " \u00b7 " + m.organization : "")));
    if (p.domains.length) {
      line = element("p");
      p.domains.forEach(function (d, index) {
        if (index) line.appendChild(document.createTextNode(" \u00b7 "));
        if (Object.prototype.hasOwnProperty.call(LEVELS, d[2])) line.appendChild(badge(d[2], LEVELS[d[2]]));
        line.appendChild(document.createTextNode(" " + d[1]));
      });
      item.appendChild(line);
    }
    var zone = m.timezone && m.timezone.replace(/_/g, " ") + (p.offset ? " (" + p.offset.toUpperCase() + ")" : "");
    var where = [m.location, zone].filter(Boolean).join(" \u00b7 ");
    if (where) item.appendChild(element("p", "cop-finder__place", where));
    if (p.topics.length) {
      item.appendChild(element("p", "cop-finder__topics", "Ask me about: " + p.topics.join(", ")));
    }
    return item;
  }

  /* Profile URLs as the site writes them: the directory's own card links (whatever the engine and its directory
     URLs made of them), with another member's id; else cop.json's url, from the site's root. */
  function profiles(source) {
    var sample = document.querySelector("[data-cop-directory] a[data-member]");
    if (sample) {
      var id = sample.getAttribute("data-member"), href = sample.href, at = href.lastIndexOf(id);
      if (id && at >= 0) {
        var before = href.slice(0, at), after = href.slice(at + id.length);
        return function (m) { return before + encodeURIComponent(m.id) + after; };
      }
    }
    return function (m) {
      var url = new URL(String(m.url || ""), source);
      return /^(https?|file):$/.test(url.protocol) ? url.href : "#";
    };
  }

  /* The page's controls in a real search form, with what the site's HTML sanitizer does not let a page carry:
     the form, its name, search fields and the button that clears them. */
  function formOf(panel) {
    var form = element("form", panel.className);
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Find people");
    form.noValidate = true;
    while (panel.firstChild) form.appendChild(panel.firstChild);
    panel.parentNode.replaceChild(form, panel);
    ["topic", "place"].forEach(function (name) {
      var field = form.elements[name];
      field.type = "search";
      field.autocomplete = "off";
      field.spellcheck = false;
    });
    var clear = element("button", "md-button cop-finder__clear", "Clear filters");
    var line = element("p", "cop-finder__field");
    clear.type = "reset";
    line.appendChild(clear);
    form.appendChild(line);
    return form;
  }

  function setup() {
    var box = document.querySelector("[data-cop-finder]");
    if (!box || box.dataset.copReady) return;
    box.dataset.copReady = "1";
    var form = formOf(box.querySelector(".cop-finder__form"));
    var count = box.querySelector(".cop-finder__count");
    var results = box.querySelector(".cop-finder__results");
    var more = element("p", "cop-finder__more"), moreButton = element("button", "md-button");
    moreButton.type = "button";
    more.hidden = true;
    more.appendChild(moreButton);
    box.appendChild(more);
    var directory = document.querySelector("[data-cop-directory]");
    var source = new URL(box.getAttribute("data-source"), location.href).href;
    var profileOf = profiles(source);
    var people = null, failed = false, used = false, timer = 0, matches = [], list = null;

    function showMore() {
      var start = list.children.length, end = Math.min(matches.length, start + SHOWN);
      var part = document.createDocumentFragment();
      for (var i = start; i < end; i++) part.appendChild(card(matches[i], profileOf(matches[i].member)));
      list.appendChild(part);
      var left = matches.length - end;
      more.hidden = left <= 0;
      moreButton.textContent = "Show " + Math.min(left, SHOWN) + " more of " + left;
      return start < end ? list.children[start] : null;
    }

    function apply() {
      clearTimeout(timer);
      if (!document.body.contains(box)) return; /* a late keystroke's timer, after instant navigation left */
      var state = stateOf(form);
      keepInUrl(state);
      if (!filtering(state) || failed) {
        results.hidden = more.hidden = true;
        results.textContent = "";
        directory.hidden = false;
        count.textContent = failed ? "The member list could not be loaded: every member is listed below, in pages."
          : used ? "No filters: every member is listed below, in pages." : "";
        return;
      }
      if (!people) {
        count.textContent = "Loading the member list\u2026";
        start();
        return;
      }
      matches = select(people, state);
      results.textContent = "";
      list = element("ul");
      results.appendChild(list);
      showMore();
      results.hidden = false;
      directory.hidden = true;
      var n = matches.length;
      count.textContent = (n === 0 ? "No member matches these filters." : n === 1 ? "1 member matches."
        : n + " members match.") + (n > SHOWN ? " The first " + SHOWN + " are shown." : "");
    }

    function start() {
      if (people || failed) return;
      load(source).then(function (prepared) { people = prepared; apply(); },
                        function () { failed = true; apply(); });
    }

    form.addEventListener("focusin", start);
    form.addEventListener("submit", function (event) { event.preventDefault(); used = true; apply(); });
    form.addEventListener("input", function (event) {
      used = true;
      clearTimeout(timer);
      if (event.target.type === "search") timer = setTimeout(apply, TYPING_MS);
      else apply();
    });
    form.addEventListener("reset", function () { used = true; setTimeout(apply, 0); });
    moreButton.addEventListener("click", function () {
      var first = showMore();
      if (first) first.querySelector("a").focus(); /* the first card added, so the keyboard goes on from there */
    });

    fill(form, stateOf(form, new URLSearchParams(location.search)));
    box.hidden = false;
    apply();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
