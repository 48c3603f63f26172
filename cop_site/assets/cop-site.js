/* cop-site's script, in two parts that share a few helpers: the people finder, and the header's search.

   The people finder on /people/. Without this script the page is the complete list, in pages; with it,
   a form filters every member (from cop.json, fetched once) by topic or name, domain, level, place or time zone,
   status and mentors, keeps the filters in the URL's query so a filtered view can be shared, and shows the matches
   in place of the list. Contributors' text only ever reaches the page as text (textContent), never as HTML.
   Works with Material's instant navigation (document$), and without it. */
(function () {
  "use strict";
  var LEVELS = { expert: "Expert", practitioner: "Practitioner", learning: "Learning" };
  var RANK = { expert: 0, practitioner: 1, learning: 2 };

  /* An element with a class and text (contributors' text goes in as text, never as HTML). */
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Run fn on each page shown: after each of Material's instant navigations (document$), or once. */
  function onEveryPage(fn) {
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  (function () {
    var FIELDS = ["topic", "domain", "level", "place", "status", "mentor"];
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
        var n = matches.length;
        count.textContent = (n === 0 ? "No member matches these filters." : n === 1 ? "1 member matches."
          : n + " members match.") + (n > end ? " The first " + end + " are shown." : "");
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

    onEveryPage(setup);
  })();

  /* The header's search, on the site's Pagefind index (pagefind/, written after the build by any engine). Pagefind
     fetches only the chunks of the index that hold the words typed, so a first search costs about the same at any
     size (about 200 KB, most of it Pagefind's own code). People come first: the index weighs a person's topics by
     their declared level, and a query that is someone's topic gets a direct answer above the results ("People who
     know ..."). Keys: "/" or "s"
     opens it from anywhere, arrows move through the results, Enter opens one, Escape closes; the word being typed
     is completed in grey from the results, and the Right arrow takes the completion. The words searched are
     marked on the page a result opens (?h=...). Contributors' text reaches the page as text only: Pagefind's
     excerpts are escaped text with <mark> around the matches, and are taken apart rather than parsed as HTML. */
  (function () {
    var SHOWN = 10;       /* results shown */
    var READ = 30;        /* results whose data is fetched: the people among them with the query as a topic go first */
    var TYPING_MS = 120;  /* the wait after a keystroke before searching */
    var KINDS = { person: "Person", practice: "Practice", term: "Glossary", domain: "Domain", overview: "Overview" };
    var engines = {};     /* pagefind.js's URL -> the promise of the loaded module, kept across instant navigation */

    function fold(text) {
      return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ")
        .trim();
    }

    /* Pagefind's text is HTML-escaped, with <mark>...</mark> around matches: as nodes, the marks as <mark>. */
    var decoder = document.createElement("textarea");
    function decode(text) {
      decoder.innerHTML = text; /* a textarea's content is text: entities are decoded, nothing else is made */
      return decoder.value;
    }
    function excerptNodes(excerpt, into) {
      String(excerpt || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
        if (part === "<mark>") return true;
        if (part === "</mark>") return false;
        if (part) into.appendChild(marked ? element("mark", "", decode(part)) : document.createTextNode(decode(part)));
        return marked;
      }, false);
      return into;
    }

    function load(url) {
      if (!engines[url]) {
        /* Results' URLs start with the site's path on its host (the folder pagefind/ is in), so that they are right
           under any site_url. */
        var base = new URL("..", url).pathname;
        engines[url] = import(url).then(function (pagefind) {
          return Promise.resolve(pagefind.options({ excerptLength: 24, baseUrl: base })).then(function () {
            return pagefind;
          });
        });
        engines[url].catch(function () { delete engines[url]; });
      }
      return engines[url];
    }

    /* A result's URL (a path on the site's host) in full. */
    function siteUrl(url) {
      return new URL(String(url), location.href).href;
    }

    /* The best part of a page for the query: its sub-result (a heading's section) with the most weight, if not the
       page's top. */
    function bestSection(data) {
      var best = null, bestScore = 0;
      (data.sub_results || []).forEach(function (sub) {
        var score = (sub.weighted_locations || []).reduce(function (s, l) { return s + (l.balanced_score || 0); }, 0);
        if (score > bestScore) { best = sub; bestScore = score; }
      });
      if (!best || best.url === data.url || best.url.indexOf("#") < 0 || best.title === data.meta.title) return null;
      return best;
    }

    function setup() {
      var box = document.querySelector("[data-cop-search]");
      if (!box || box.hasAttribute("data-cop-ready")) return;
      box.setAttribute("data-cop-ready", "");
      var script = new URL(box.getAttribute("data-cop-search"), document.baseURI).href;
      var form = box.querySelector("form");
      var input = box.querySelector("input");
      var panel = box.querySelector(".cop-search__panel");
      var status = box.querySelector(".cop-search__status");
      var answer = box.querySelector(".cop-search__answer");
      var list = box.querySelector(".cop-search__results");
      var toggle = document.getElementById("__search");
      var hint = box.querySelector(".cop-search__suggest");
      var timer = null, asked = 0, active = -1, suggestion = "";

      function options() { return list.querySelectorAll("[role=option]"); }

      function open(yes) {
        box.classList.toggle("cop-search--open", yes);
        panel.hidden = !yes || !input.value.trim();
        input.setAttribute("aria-expanded", String(!panel.hidden));
        if (!yes && toggle && toggle.checked) toggle.checked = false;
      }

      function choose(index) {
        var all = options();
        if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
        active = all.length ? (index + all.length) % all.length : -1;
        if (active >= 0) {
          all[active].setAttribute("aria-selected", "true");
          input.setAttribute("aria-activedescendant", all[active].id);
          all[active].scrollIntoView({ block: "nearest" });
        } else {
          input.removeAttribute("aria-activedescendant");
        }
      }

      function withHighlight(href, query) {
        var url = new URL(href);
        url.searchParams.set("h", query);
        return url.href;
      }

      /* What comes first, before the index's order: the people among the results who list the query as a topic
         (experts, practitioners, then the rest, each with evidence in the repository first), then the glossary entry
         named as the query. */
      function knowers(query, results) {
        var wanted = fold(query);
        function rank(r) {
          var level = RANK[r.data.meta.level] === undefined ? 3 : RANK[r.data.meta.level];
          return level * 2 + (r.data.meta.evidenced ? 0 : 1);
        }
        return results.filter(function (r) {
          var topics = [];
          try { topics = JSON.parse(r.data.meta.topics || "[]"); } catch (e) { /* none */ }
          return r.data.meta.kind === "person" && Array.isArray(topics) && topics.some(function (t) {
            return fold(t) === wanted;
          });
        }).sort(function (a, b) { return rank(a) - rank(b) || a.order - b.order; });
      }

      /* Glossary results with an entry named as the query (the term or one of its aliases): that entry, a section of
         the domain's glossary page. */
      function entries(query, results) {
        var wanted = fold(query);
        return results.filter(function (r) {
          if (r.data.meta.kind !== "term") return false;
          var named = [];
          try { named = JSON.parse(r.data.meta.entries || "[]"); } catch (e) { /* none */ }
          var entry = (Array.isArray(named) ? named : []).filter(function (e) {
            return Array.isArray(e) && fold(e[0]) === wanted;
          })[0];
          if (!entry) return false;
          var anchor = "#" + entry[1];
          r.section = (r.data.sub_results || []).filter(function (sub) {
            return sub.url.slice(-anchor.length) === anchor;
          })[0] || { url: r.data.url.split("#")[0] + anchor, title: String(entry[0]), excerpt: r.data.excerpt };
          return true;
        });
      }

      function showAnswer(query, people) {
        answer.textContent = "";
        if (!people.length) return;
        var line = element("p", "cop-search__direct");
        line.appendChild(element("span", "", "People who know "));
        line.appendChild(element("strong", "", query.trim()));
        line.appendChild(document.createTextNode(": "));
        people.forEach(function (r, i) {
          if (i) line.appendChild(document.createTextNode(", "));
          var link = element("a", "", r.data.meta.title || r.data.url);
          link.href = withHighlight(siteUrl(r.data.url), query);
          line.appendChild(link);
          var level = LEVELS[r.data.meta.level];
          if (level) line.appendChild(document.createTextNode(" (" + level + ")"));
        });
        answer.appendChild(line);
      }

      /* A completion of the word being typed, from the results' titles and people's topics, shown in grey after it
         (as Material's search.suggest does); the Right arrow at the end of the field takes it. */
      function suggest(query, results) {
        suggestion = "";
        hint.textContent = "";
        var last = (/(\S+)$/.exec(query) || [])[1];
        if (!last || last.length < 2) return;
        var stem = fold(last), words = [];
        results.forEach(function (r) {
          var topics = [];
          try { topics = JSON.parse(r.data.meta.topics || "[]"); } catch (e) { /* none */ }
          [r.data.meta.title].concat(Array.isArray(topics) ? topics : []).forEach(function (text) {
            words = words.concat(String(text || "").split(/[\s,.;:!?()\[\]"]+/));
          });
        });
        var word = words.filter(function (w) { return w.length > last.length && fold(w).indexOf(stem) === 0; })[0];
        if (!word || input.scrollWidth > input.clientWidth) return;
        suggestion = query + word.slice(last.length).toLowerCase();
        hint.appendChild(element("span", "cop-search__typed", query));
        hint.appendChild(document.createTextNode(suggestion.slice(query.length)));
      }

      function show(query, results, total) {
        list.textContent = "";
        active = -1;
        input.removeAttribute("aria-activedescendant");
        suggest(query, results);
        var people = knowers(query, results), first = people.concat(entries(query, results));
        showAnswer(query, people);
        results = first.concat(results.filter(function (r) { return first.indexOf(r) < 0; })).slice(0, SHOWN);
        results.forEach(function (r, i) {
          var data = r.data, section = r.section || bestSection(data);
          var item = element("li", "cop-search__result");
          item.id = "cop-search-result-" + i;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          var link = element("a");
          link.href = withHighlight(siteUrl(section && data.meta.kind === "term" ? section.url : data.url), query);
          link.tabIndex = -1;
          var kind = KINDS[data.meta.kind] || "Page";
          if (LEVELS[data.meta.level] && data.meta.kind === "person") kind += " \u00b7 " + LEVELS[data.meta.level];
          link.appendChild(element("span", "cop-search__kind", kind));
          var title = element("span", "cop-search__title", data.meta.title || data.url);
          if (section && section.title && section.title !== data.meta.title) {
            title.appendChild(element("span", "cop-search__section", " \u203a " + section.title));
          }
          link.appendChild(title);
          var excerpt = element("span", "cop-search__excerpt");
          link.appendChild(excerptNodes(section ? section.excerpt : data.excerpt, excerpt));
          item.appendChild(link);
          item.addEventListener("mousedown", function (event) { event.preventDefault(); }); /* keep the focus */
          list.appendChild(item);
        });
        box.setAttribute("data-cop-query", query); /* what the results shown are for */
        status.textContent = total === 0 ? "No results for \u201c" + query.trim() + "\u201d."
          : total === 1 ? "1 result." : total + " results" + (total > SHOWN ? ", the first " + SHOWN + " shown." : ".");
        open(true);
      }

      function search() {
        var query = input.value;
        var mine = ++asked;
        if (!query.trim()) { list.textContent = answer.textContent = status.textContent = ""; open(true); return; }
        status.textContent = "Searching\u2026";
        load(script).then(function (pagefind) {
          return pagefind.search(query).then(function (found) {
            if (!found || mine !== asked) return;
            return Promise.all(found.results.slice(0, READ).map(function (r, i) {
              return r.data().then(function (data) { return { data: data, order: i }; });
            })).then(function (results) { if (mine === asked) show(query, results, found.results.length); });
          });
        }).catch(function () {
          if (mine !== asked) return;
          status.textContent = "Search is not available: its index could not be loaded.";
          open(true);
        });
      }

      input.addEventListener("input", function () {
        hint.textContent = "";
        suggestion = "";
        clearTimeout(timer);
        timer = setTimeout(search, TYPING_MS);
      });
      input.addEventListener("focus", function () { load(script).catch(function () {}); open(true); });
      box.addEventListener("focusout", function (event) {
        if (!box.contains(event.relatedTarget)) open(false);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var all = options();
        var target = all[active >= 0 ? active : 0];
        if (target) location.assign(target.querySelector("a").href);
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" && suggestion && input.selectionStart === input.value.length) {
          event.preventDefault();
          input.value = suggestion;
          hint.textContent = "";
          suggestion = "";
          search();
        } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          choose(active + (event.key === "ArrowDown" ? 1 : -1));
        } else if (event.key === "Escape") {
          event.preventDefault();
          open(false);
          input.blur();
        }
      });
      list.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a");
        if (link) open(false);
      });
      box.querySelector(".cop-search__close").addEventListener("click", function () { open(false); input.blur(); });
      if (toggle) {
        toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
      }
    }

    /* "/" or "s" anywhere but in a field: to the search box (the one in the page now, after instant navigation). */
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
      var input = document.querySelector("[data-cop-search] input");
      if (!input) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      var toggle = document.getElementById("__search");
      if (toggle) toggle.checked = true;
      input.focus();
      input.select();
    }, true);

    /* The words searched, marked in the article of the page a result opened (?h=words). */
    function highlight() {
      var query = new URLSearchParams(location.search).get("h");
      var article = document.querySelector("article.md-content__inner");
      if (!query || !article) return;
      var words = fold(query).split(" ").filter(function (w) { return w.length > 1; })
        .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      if (!words.length) return;
      var pattern = new RegExp("(" + words.join("|") + ")", "gi");
      var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentNode.closest("script, style, mark, svg, .headerlink") ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT;
        }
      });
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var parts = node.nodeValue.split(pattern);
        if (parts.length < 2) return;
        var fragment = document.createDocumentFragment();
        parts.forEach(function (part, i) {
          if (!part) return;
          fragment.appendChild(i % 2 ? element("mark", "cop-highlight", part) : document.createTextNode(part));
        });
        node.parentNode.replaceChild(fragment, node);
      });
    }

    function start() { setup(); highlight(); }

    onEveryPage(start);
  })();
})();
