// Tillit: live search, print, #fragment. No innerHTML.
const on = (t, type, f) => t.addEventListener(type, f);
const el = (tag, className, text) =>
	Object.assign(document.createElement(tag), className && { className }, text != null && { textContent: text });
const segs = (n, list) => (n.append(...(list || []).map((s) => (s.isMatch ? el('mark', '', s.text) : s.text))), n);
const link = (text, url, cls) => Object.assign(el('a', cls, text), { href: url });
const href = (q, api = '') => `${api}/search?q=${encodeURIComponent(q)}`;

function enhance(form) {
	const input = form.querySelector('input[name="q"]');
	const panel = form.querySelector('[data-live-results]');
	const status = form.querySelector('[data-live-status]');
	if (!input || !panel) return;
	// Words from data-one|many|none|see-all|did-you-mean|label ({n} = count).
	const t = (k, fb, n) => (panel.dataset[k] ?? form.dataset[k] ?? fb).replace('{n}', n);
	const say = (s) => status && (status.textContent = s);
	const hide = () => (panel.hidden = true);
	const query = () => input.value.trim();
	let timer, ctrl;

	const render = ({ hits = [], total = hits.length, suggestions = [] }, q) => {
		panel.replaceChildren();
		if (hits.length) {
			const ul = el('ul', 'live-list');
			ul.ariaLabel = t('label', 'Suggested answers');
			for (const h of hits) {
				const a = link(null, `/faq/${encodeURIComponent(h.slug)}`);
				a.append(segs(el('span', 'live-q'), h.question), segs(el('span', 'snippet'), h.snippet));
				if (h.category) a.append(el('span', 'live-cat', h.category.name));
				ul.append(el('li'));
				ul.lastChild.append(a);
			}
			panel.append(ul, link(t('seeAll', 'See all {n} results', total), href(q), 'live-all'));
		} else {
			panel.append(el('p', '', t('none', 'No results')));
			if (suggestions.length) {
				const p = el('p', '', `${t('didYouMean', 'Did you mean')} `);
				suggestions.forEach((s, i) => p.append(i ? ', ' : '', link(s, href(s))));
				p.append('?');
				panel.append(p);
			}
		}
		panel.hidden = false;
		say(total === 1 ? t('one', '1 result') : total ? t('many', '{n} results', total) : t('none', 'No results'));
	};

	const run = () => {
		const q = query();
		ctrl?.abort();
		if (q.length < 2) return hide(), say('');
		ctrl = new AbortController();
		fetch(href(q, '/api/v1'), { signal: ctrl.signal })
			.then((r) => (r.ok ? r.json() : Promise.reject(r)))
			.then((d) => query() === q && render(d, q))
			.catch((e) => e.name === 'AbortError' || hide());
	};

	on(input, 'input', () => {
		clearTimeout(timer);
		timer = setTimeout(run, query().length < 2 ? 0 : 120);
	});
	on(input, 'focus', () => panel.firstChild && query().length > 1 && (panel.hidden = false));
	// Esc: hide, back to field. Arrows: into and through the links.
	on(form, 'keydown', (e) => {
		if (panel.hidden) return;
		const all = [...panel.querySelectorAll('a')];
		const i = all.indexOf(e.target);
		const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
		if (e.key === 'Escape') {
			e.preventDefault();
			input.focus();
			hide();
		} else if (step && all[0] && (i >= 0 || (e.target === input && step > 0))) {
			e.preventDefault();
			(all[Math.min(i + step, all.length - 1)] || input).focus();
		}
	});
	// Leaving the form closes the panel.
	on(document, 'pointerdown', (e) => form.contains(e.target) || hide());
	on(form, 'focusout', (e) => e.relatedTarget && !form.contains(e.relatedTarget) && hide());
}

document.querySelectorAll('form[data-live-search]').forEach(enhance);

// Print every answer, then restore.
let closed = [];
const setOpen = (v) => closed.forEach((d) => (d.open = v));
on(window, 'beforeprint', () => (closed = [...document.querySelectorAll('details:not([open])')], setOpen(true)));
on(window, 'afterprint', () => setOpen(false));

// #fragment of an entry (or inside one): open and scroll to it.
const openFromHash = () => {
	let t;
	try {
		t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
	} catch {}
	const d = t?.closest('details');
	if (d) (d.open = true), t.scrollIntoView();
};
on(window, 'hashchange', openFromHash);
openFromHash();
