/* The portal's search: works from file:// (a USB key, an unzipped copy) as over HTTP, and
   loads its index only on this page. The index is a script (search-index.js), not a
   fetch, because browsers refuse fetches from file://.
   Results are built with DOM methods only: no text from the data is ever parsed as HTML.

   Ranking, for patients' words: every query word must be found (or as many as can be);
   a word found in the name or specialty weighs more than in the keywords, more than in the
   description or location; a whole word more than a prefix, more than a word with one typo
   (words of five letters or more). Patients' synonyms, switchboard and booking words, and
   the words of a vital emergency come from mots_patients.yml (and a hospital's mots.yml),
   through the index. */
(function () {
  "use strict";
  var index = window.PORTAL_SEARCH || { entries: [], words: {} };
  var input = document.getElementById("portal-q");
  var status = document.getElementById("portal-search-status");
  var list = document.getElementById("portal-search-results");
  var none = document.getElementById("portal-search-none");
  if (!input || !status || !list) { return; }

  var WEIGHTS = [10, 6, 2];  /* name and specialty; keywords, kind, line labels; the rest */
  var EXACT = 1, PREFIX = 0.4, TYPO = 0.5, TYPO_PREFIX = 0.35;
  var SYNONYM = 0.9;  /* a service found through a synonym, just below the patient's word */
  var INTENT = 12;    /* "standard", "rdv": the switchboards, the bookable services first */
  var CONSULTATION = 2;  /* "cardiologue": the consultations before the ward */
  var COVERAGE = 3;   /* "Urgences adultes" before "Unité … des urgences" */
  var data = index.words || {};

  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /* « grossesses » finds « grossesse » and « hôpitaux » finds « hôpital »: a crude French
     singular is enough, since every query word is also matched as a prefix. */
  function singular(word) {
    if (word.length > 4 && /aux$/.test(word)) { return word.slice(0, -3) + "al"; }
    return word.length > 3 ? word.replace(/[sx]$/, "") : word;
  }

  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map(singular);
  }

  var stop = {};
  (data.stop || []).forEach(function (word) { words(word).forEach(function (w) { stop[w] = true; }); });

  /* The words that search something: "consultation DE cardiologie" → two words. */
  function terms(text) {
    var all = words(text);
    var kept = all.filter(function (word) { return !stop[word]; });
    return kept.length ? kept : all;
  }

  /* Within one edit (insertion, deletion, substitution, swap of two neighbours). */
  function withinOne(a, b) {
    if (a === b) { return true; }
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1)
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function quality(term, word) {
    if (word === term) { return EXACT; }
    if (word.indexOf(term) === 0) { return PREFIX; }
    if (term.length < 5) { return 0; }
    if (withinOne(term, word)) { return TYPO; }
    if (word.length > term.length && (withinOne(term, word.slice(0, term.length))
        || withinOne(term, word.slice(0, term.length + 1)))) { return TYPO_PREFIX; }
    return 0;
  }

  /* A patient's word and a word of search_words.yml: one typo only in long words
     ("infractus"), as "argent" is not "urgent" nor "prendre" "pendre". */
  function sameWord(a, b) { return a === b || (Math.min(a.length, b.length) >= 7 && withinOne(a, b)); }

  /* Every distinct word of the index → the (entry, field) pairs holding it. */
  var vocabulary = {};
  index.entries.forEach(function (entry, i) {
    var fields = [entry.name + " " + entry.text[0], entry.text[1], entry.text[2] + " " + entry.site];
    fields.forEach(function (field, k) {
      words(field).forEach(function (word) {
        (vocabulary[word] = vocabulary[word] || []).push(i * 3 + k);
      });
    });
    entry.nameWords = terms(entry.name);
  });
  var known = Object.keys(vocabulary);

  /* One query word → entry → score (best quality per field, weighted, summed). */
  var memo = {};
  function scoreWord(term) {
    if (memo[term]) { return memo[term]; }
    var best = {};
    known.forEach(function (word) {
      var q = quality(term, word);
      if (!q) { return; }
      vocabulary[word].forEach(function (code) { best[code] = Math.max(best[code] || 0, q); });
    });
    var scores = {};
    Object.keys(best).forEach(function (code) {
      var entry = Math.floor(code / 3);
      scores[entry] = (scores[entry] || 0) + WEIGHTS[code % 3] * best[code];
    });
    memo[term] = scores;
    return scores;
  }

  /* Several words that go together ("prise de sang"): all of them, or nothing. */
  function scoreWords(list) {
    var result = null;
    list.forEach(function (term) {
      var scores = scoreWord(term);
      var next = {};
      Object.keys(result || scores).forEach(function (entry) {
        if (scores[entry]) { next[entry] = (result ? result[entry] : 0) + scores[entry]; }
      });
      result = next;
    });
    return result || {};
  }

  /* The phrases of search_words.yml, as query words: what each one means. */
  var phrases = [];
  function addPhrase(text, meaning) {
    var key = terms(text);
    if (key.length) { phrases.push({ words: key, meaning: meaning }); }
  }
  /* A subject of the A–Z ("mémoire" → Gériatrie) is only a way in when no service holds
     the patient's word itself ("Consultations mémoire"): a whole specialty is less precise. */
  function meaning(fallback) {
    return function (target) { return { words: terms(target), fallback: fallback }; };
  }
  Object.keys(data.synonyms || {}).forEach(function (key) {
    addPhrase(key, { targets: data.synonyms[key].map(meaning(false)) });
  });
  Object.keys(data.subjects || {}).forEach(function (key) {
    addPhrase(key, { targets: data.subjects[key].map(meaning(true)) });
  });
  (data.standard || []).forEach(function (key) { addPhrase(key, { standard: true }); });
  (data.booking || []).forEach(function (key) { addPhrase(key, { booking: true }); });

  function phraseAt(query, at, phrase, exactly) {
    return phrase.words.every(function (word, k) {
      return at + k < query.length
        && (exactly ? query[at + k] === word : sameWord(query[at + k], word));
    });
  }

  /* The query cut into units: a known phrase (longest first), or a single word. */
  function units(query) {
    var result = [];
    var at = 0;
    while (at < query.length) {
      var found = phrases.filter(function (phrase) { return phraseAt(query, at, phrase); });
      /* Spelt right, a word is itself: "facture" is not "fracture" with a typo. */
      var exact = found.filter(function (phrase) { return phraseAt(query, at, phrase, true); });
      if (exact.length) { found = exact; }
      var size = Math.max.apply(null, [1].concat(found.map(function (p) { return p.words.length; })));
      var unit = { words: query.slice(at, at + size), targets: [], standard: false, booking: false };
      found.filter(function (p) { return p.words.length === size; }).forEach(function (p) {
        unit.targets = unit.targets.concat(p.meaning.targets || []);
        unit.standard = unit.standard || Boolean(p.meaning.standard);
        unit.booking = unit.booking || Boolean(p.meaning.booking);
      });
      result.push(unit);
      at += size;
    }
    return result;
  }

  function scoreUnit(unit) {
    var scores = scoreWords(unit.words);
    var held = Object.keys(scores).some(function (e) { return scores[e] > WEIGHTS[2]; });
    unit.used = unit.targets.filter(function (target) { return !(target.fallback && held); });
    unit.used.forEach(function (target) {
      var found = scoreWords(target.words);
      Object.keys(found).forEach(function (entry) {
        scores[entry] = Math.max(scores[entry] || 0, SYNONYM * found[entry]);
      });
    });
    index.entries.forEach(function (entry, i) {
      var flagged = (unit.standard && entry.flags.indexOf("s") >= 0)
        || (unit.booking && entry.flags.indexOf("b") >= 0);
      if (flagged) { scores[i] = (scores[i] || 0) + INTENT; }
      if (unit.booking && entry.flags.indexOf("r") >= 0) { scores[i] = (scores[i] || 0) + INTENT / 2; }
    });
    return scores;
  }

  /* The share of the entry's name that the query (or its synonyms) names. */
  function coverage(entry, asked) {
    if (!entry.nameWords.length) { return 0; }
    var named = entry.nameWords.filter(function (word) {
      return asked.some(function (term) { return quality(term, word) > 0; });
    });
    return named.length / entry.nameWords.length;
  }

  function rank(query) {
    var parts = units(query);
    var matched = {};
    var total = {};
    var scored = parts.map(scoreUnit);
    /* A word found only in descriptions ("enfant malade") adds to the score but is not
       required: the services that have the other words still come. */
    var strong = scored.map(function (scores) {
      return Object.keys(scores).some(function (e) { return scores[e] > WEIGHTS[2]; });
    });
    var anyStrong = strong.some(Boolean);
    scored.forEach(function (scores, u) {
      Object.keys(scores).forEach(function (entry) {
        if (strong[u] || !anyStrong) { matched[entry] = (matched[entry] || 0) + 1; }
        total[entry] = (total[entry] || 0) + scores[entry];
      });
    });
    var most = Math.max.apply(null, [0].concat(Object.keys(matched).map(function (e) { return matched[e]; })));
    if (!most) { return { entries: [], booking: false }; }
    var asked = query.concat.apply(query, parts.map(function (unit) {
      return [].concat.apply([], unit.used.map(function (target) { return target.words; }));
    }));
    var found = Object.keys(matched).filter(function (e) { return matched[e] === most; })
      .map(function (e) {
        var entry = index.entries[e];
        return { entry: entry, order: Number(e), score: total[e] + COVERAGE * coverage(entry, asked)
          + (entry.flags.indexOf("c") >= 0 ? CONSULTATION : 0) };
      });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return {
      entries: found.map(function (f) { return f.entry; }),
      booking: parts.some(function (unit) { return unit.booking; })
    };
  }

  /* Emergency intents (search_words.yml): every word of one of its phrases is in the query. */
  var intents = {};
  Object.keys(data.intents || {}).forEach(function (name) {
    intents[name] = data.intents[name].map(terms);
  });
  function showIntents(query) {
    var shown = {};
    Object.keys(intents).forEach(function (name) {
      shown[name] = query.length > 0 && intents[name].some(function (phrase) {
        return phrase.every(function (word) {
          return query.some(function (term) { return sameWord(term, word); });
        });
      });
    });
    if (shown.suicide) { shown.urgence_vitale = true; }
    var spoken = [];
    Object.keys(shown).forEach(function (name) {
      var block = document.getElementById("portal-search-" + name);
      if (!block) { return; }
      block.hidden = !shown[name];
      /* Screen readers hear the numbers first too, through the status line. */
      if (shown[name] && block.querySelector) {
        var numbers = Array.prototype.map.call(block.querySelectorAll("a"),
          function (a) { return a.textContent; });
        spoken.push(block.querySelector("h2").textContent + " : " + numbers.join(", ") + ".");
      }
    });
    return spoken.join(" ");
  }

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) { a.className = className; }
    return a;
  }

  function isBooking(phone) { return fold(phone[0]).indexOf("rendez") >= 0; }

  function render(found, booking) {
    list.textContent = "";
    found.slice(0, 40).forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "portal-entry";
      item.appendChild(link(index.base + entry.url, entry.name, "portal-entry__name"));
      var site = document.createElement("span");
      site.className = "portal-entry__site";
      site.textContent = entry.site;
      item.appendChild(site);
      var phones = document.createElement("ul");
      phones.className = "portal-phones";
      /* Asked for an appointment: the booking line first. */
      var lines = booking ? entry.phones.filter(isBooking)
        .concat(entry.phones.filter(function (p) { return !isBooking(p); })) : entry.phones;
      lines.forEach(function (phone) {
        var line = document.createElement("li");
        var label = document.createElement("span");
        label.className = "portal-phones__label";
        label.textContent = phone[0] + " ";
        line.appendChild(label);
        line.appendChild(link(phone[2], phone[1], "portal-call"));
        phones.appendChild(line);
      });
      item.appendChild(phones);
      list.appendChild(item);
    });
  }

  function search() {
    var query = terms(input.value);
    var urgent = showIntents(query);
    if (!query.length) {
      list.textContent = "";
      status.textContent = "";
      if (none) { none.hidden = true; }
      return;
    }
    var result = rank(query);
    var count = result.entries.length;
    status.textContent = (urgent ? urgent + " " : "") + (count === 0
      ? status.getAttribute("data-none") ||
        "Aucun service trouvé. Essayez un autre mot, ou consultez l'annuaire de A à Z."
      : (status.getAttribute("data-found") || "{count} service(s) trouvé(s).")
        .replace("{count}", count));
    if (none) { none.hidden = count > 0; }
    render(result.entries, result.booking);
  }

  input.addEventListener("input", search);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  search();
})();
