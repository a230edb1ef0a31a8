// Progressive enhancement for the public site: as-you-type search results, answers expanded for
// printing, and the entry named in the URL fragment opened. Builds DOM nodes only (never innerHTML),
// so text from the server cannot become markup.

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

// Print every answer, then close again those that were closed.
let closedForPrint = [];
window.addEventListener('beforeprint', () => {
  closedForPrint = [...document.querySelectorAll('details:not([open])')];
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
