// Progressive enhancement for the public site: as-you-type search results, answers on the home page
// loaded when their question is opened, answers expanded for printing, and the entry named in the URL
// fragment opened. Builds DOM nodes only (never innerHTML), so text from the server cannot become
// markup; the one exception is the answers fragment, markup the server rendered for this very purpose.

function createElement(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = text;
  return element;
}

/** Appends highlight segments ({text, isMatch}) to a node, matches wrapped in <mark>. */
function appendSegments(node, segments) {
  for (const segment of segments || []) {
    node.append(segment.isMatch ? createElement('mark', '', segment.text) : segment.text);
  }
  return node;
}

function createLink(text, url, className) {
  const link = createElement('a', className, text);
  link.href = url;
  return link;
}

// The search page of the page's language (the form's own action, `/sv/search` on Swedish pages).
function searchUrl(pagePath, query, verbatim = false) {
  return `${pagePath}?q=${encodeURIComponent(query)}${verbatim ? '&verbatim=1' : ''}`;
}

function enhanceSearchForm(form) {
  const input = form.querySelector('input[name="q"]');
  const panel = form.querySelector('[data-live-results]');
  const status = form.querySelector('[data-live-status]');
  if (!input || !panel) return;
  const pagePath = form.getAttribute('action') || '/search';
  const language = form.dataset.language || 'en';

  // Words come from data- attributes so every language is served; {n} is the count.
  const word = (key, fallback, count) => (panel.dataset[key] ?? fallback).replace('{n}', String(count));
  const announce = (text) => {
    if (status) status.textContent = text;
  };
  const hide = () => {
    panel.hidden = true;
  };
  const currentQuery = () => input.value.trim();
  let timer;
  let controller;

  function render(result, query) {
    const hits = result.hits || [];
    const total = result.total ?? hits.length;
    panel.replaceChildren();
    // The query as typed found nothing, so the server searched its likeliest correction instead.
    if (result.correctedQuery && hits.length > 0) {
      const notice = createElement('p', 'search-correction', `${word('showingResultsFor', 'Showing results for')} `);
      notice.append(createElement('strong', '', result.correctedQuery), '. ');
      const instead = (panel.dataset.searchInstead ?? 'Search instead for “{q}”').replace('{q}', () => query);
      notice.append(createLink(instead, searchUrl(pagePath, query, true)));
      panel.append(notice);
    }
    if (hits.length > 0) {
      const list = createElement('ul', 'live-list');
      list.setAttribute('aria-label', word('label', 'Suggested answers'));
      for (const hit of hits) {
        const link = createLink(null, hit.url);
        if (hit.language && hit.language !== language) link.lang = hit.language;
        link.append(appendSegments(createElement('span', 'live-q'), hit.question));
        link.append(appendSegments(createElement('span', 'snippet'), hit.snippet));
        if (hit.category) link.append(createElement('span', 'live-cat', hit.category.name));
        const item = createElement('li');
        item.append(link);
        list.append(item);
      }
      panel.append(
        list,
        createLink(word('seeAll', 'See all {n} results', total), searchUrl(pagePath, query), 'live-all'),
      );
    } else {
      panel.append(createElement('p', '', word('none', 'No results')));
      const suggestions = result.suggestions || [];
      if (suggestions.length > 0) {
        const paragraph = createElement('p', '', `${word('didYouMean', 'Did you mean')} `);
        suggestions.forEach((suggestion, index) => {
          if (index > 0) paragraph.append(', ');
          paragraph.append(createLink(suggestion, searchUrl(pagePath, suggestion)));
        });
        paragraph.append('?');
        panel.append(paragraph);
      }
    }
    panel.hidden = false;
    const corrected = result.correctedQuery
      ? `${word('showingResultsFor', 'Showing results for')} ${result.correctedQuery}. `
      : '';
    if (total === 1) announce(corrected + word('one', '1 result'));
    else if (total > 1) announce(corrected + word('many', '{n} results', total));
    else announce(word('none', 'No results'));
  }

  function run() {
    const query = currentQuery();
    controller?.abort();
    if (query.length < 2) {
      hide();
      announce('');
      return;
    }
    controller = new AbortController();
    fetch(`${searchUrl('/api/v1/search', query)}&lang=${encodeURIComponent(language)}`, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((result) => {
        // A slower answer to an older query must not replace the current one.
        if (currentQuery() === query) render(result, query);
      })
      .catch((error) => {
        if (error.name !== 'AbortError') hide();
      });
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, currentQuery().length < 2 ? 0 : 120);
  });
  input.addEventListener('focus', () => {
    if (panel.firstChild && currentQuery().length > 1) panel.hidden = false;
  });
  // Escape closes the results and returns to the field; arrow keys move through the links.
  form.addEventListener('keydown', (event) => {
    if (panel.hidden) return;
    const links = [...panel.querySelectorAll('a')];
    const index = links.indexOf(event.target);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (event.key === 'Escape') {
      event.preventDefault();
      input.focus();
      hide();
    } else if (step !== 0 && links.length > 0 && (index >= 0 || (event.target === input && step > 0))) {
      event.preventDefault();
      const next = links[Math.min(index + step, links.length - 1)];
      (next || input).focus();
    }
  });
  // Leaving the form closes the results.
  document.addEventListener('pointerdown', (event) => {
    if (!form.contains(event.target)) hide();
  });
  form.addEventListener('focusout', (event) => {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) hide();
  });
}

for (const form of document.querySelectorAll('form[data-live-search]')) enhanceSearchForm(form);

// The home page lists questions, each a link to its entry's page (what a visitor without JavaScript
// follows). Here each becomes a disclosure, as on the other pages, whose answer comes from the
// category's answers fragment the first time it is opened: one request per category, kept.
const answerFragments = new Map();

function loadAnswers(url) {
  let answers = answerFragments.get(url);
  if (!answers) {
    answers = fetch(url)
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((html) => {
        // A parsed document runs no script and loads nothing; the bodies move into this page when shown.
        const parsed = new DOMParser().parseFromString(html, 'text/html');
        return new Map([...parsed.querySelectorAll('[data-entry]')].map((body) => [body.dataset.entry, body]));
      });
    // A failed load is tried again the next time a question of the category is opened.
    answers.catch(() => answerFragments.delete(url));
    answerFragments.set(url, answers);
  }
  return answers;
}

function enhanceEntry(entry, url, words) {
  const link = entry.querySelector(':scope > a.entry-link');
  if (!link) return;
  const details = createElement('details', 'entry');
  details.id = entry.id;
  details.dataset.answer = 'pending';
  const summary = createElement('summary');
  summary.append(...link.childNodes);
  const body = createElement('div', 'entry-body');
  details.append(summary, body);
  entry.replaceWith(details);

  const showFailure = () => {
    const message = createElement('p', 'answer-status', `${words.failed} `);
    message.append(createLink(words.page, link.getAttribute('href')), '.');
    body.replaceChildren(message);
  };
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.answer !== 'pending') return;
    details.dataset.answer = 'loading';
    body.setAttribute('aria-busy', 'true');
    body.replaceChildren(createElement('p', 'answer-status', words.loading));
    loadAnswers(url)
      .then((answers) => {
        const answer = answers.get(details.id);
        // Published since the page was made, or moved to another category: its own page has it.
        if (!answer) throw new Error(`no answer for ${details.id}`);
        body.replaceChildren(...document.importNode(answer, true).childNodes);
        details.dataset.answer = 'loaded';
      })
      .catch(() => {
        showFailure();
        details.dataset.answer = 'pending';
      })
      .finally(() => body.removeAttribute('aria-busy'));
  });
  // Start loading when a question is about to be opened, so that the answer is usually there in time.
  summary.addEventListener('pointerenter', () => loadAnswers(url).catch(() => {}), { once: true });
  summary.addEventListener('focus', () => loadAnswers(url).catch(() => {}), { once: true });
}

for (const groups of document.querySelectorAll('[data-answer-loading]')) {
  const words = {
    loading: groups.dataset.answerLoading,
    failed: groups.dataset.answerFailed,
    page: groups.dataset.answerPage,
  };
  for (const group of groups.querySelectorAll('[data-answers]')) {
    for (const entry of group.querySelectorAll(':scope > .entry')) enhanceEntry(entry, group.dataset.answers, words);
  }
}

// Print every answer that is on the page, then close again those that were closed. An answer not loaded
// yet cannot arrive in time: the page says where all of them are printed together.
let closedForPrint = [];
window.addEventListener('beforeprint', () => {
  closedForPrint = [...document.querySelectorAll('details:not([open]):not([data-answer="pending"])')];
  for (const details of closedForPrint) details.open = true;
});
window.addEventListener('afterprint', () => {
  for (const details of closedForPrint) details.open = false;
});

// The print view's button needs a script, so it stays hidden without one.
for (const holder of document.querySelectorAll('[data-print-button]')) {
  holder.hidden = false;
  holder.querySelector('button')?.addEventListener('click', () => window.print());
}

// The entry named in the URL fragment (or something inside it): open it and scroll to it.
function openFromHash() {
  let target = null;
  try {
    target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  } catch {
    // A malformed fragment names nothing.
  }
  const details = target?.closest('details');
  if (details) {
    details.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener('hashchange', openFromHash);
openFromHash();
