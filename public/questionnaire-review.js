// Progressive enhancement of the staff questionnaire review: the answer box follows the entry picked (never saving
// text the reviewer did not see), and single keys move through undecided questions. Without it the page works
// through links and forms. Sets text only (never innerHTML).

const table = document.querySelector('.review-table');

const normalise = (text) => text.trim().replace(/\s+/g, ' ');

/** Puts the chosen entry's draft in the box, unless the reviewer edited the text and wants to keep it. */
async function followChoice(radio, prompt) {
  const form = radio.form;
  if (!form) return;
  const box = form.elements.namedItem('answer');
  const shown = form.elements.namedItem('shown');
  if (!(box instanceof HTMLTextAreaElement) || !(shown instanceof HTMLInputElement)) return;
  // The text the box was filled with, kept here once; the server knows it by the entry named in `shown`.
  if (box.dataset.filled === undefined) box.dataset.filled = box.defaultValue;
  const isEdited = normalise(box.value) !== normalise(box.dataset.filled);
  if (isEdited && !window.confirm(prompt)) return;
  const before = box.value;
  const accept = form.querySelector('[data-action="accept"]');
  // While the draft loads, accepting would post the old text with the new entry (the server refuses that anyway).
  if (accept) accept.disabled = true;
  try {
    const draftUrl = form.action.replace(/\/accept$/, '/draft');
    const response = await fetch(`${draftUrl}?entry=${encodeURIComponent(radio.value)}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const data = await response.json();
    // Another entry picked meanwhile, or the reviewer typed: leave the box to them.
    if (!radio.checked || box.value !== before || typeof data.draft !== 'string') return;
    box.value = data.draft;
    box.dataset.filled = data.draft;
    shown.value = data.slug;
    // The short answer follows the entry too, so that what is saved beside the text is what is on screen.
    const short = form.elements.namedItem('shortAnswer');
    if (short instanceof HTMLSelectElement && typeof data.shortAnswer === 'string') short.value = data.shortAnswer;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  } finally {
    if (accept) accept.disabled = false;
  }
}

function isTyping(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function enhance(reviewTable) {
  const prompt = reviewTable.dataset.replacePrompt || '';
  // The links that choose an entry without script are not needed: the radio buttons do it in place.
  for (const link of reviewTable.querySelectorAll('[data-choose]')) link.hidden = true;
  for (const note of document.querySelectorAll('[data-shortcuts]')) note.hidden = false;
  reviewTable.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'radio' && target.name === 'slug') {
      void followChoice(target, prompt);
    }
  });

  const reviews = () => [...reviewTable.querySelectorAll('details.review')];
  const current = () => {
    const active = document.activeElement;
    return active?.closest('details.review') || reviews().find((details) => details.open);
  };
  const go = (step) => {
    const all = reviews();
    if (all.length === 0) return;
    const index = all.indexOf(current());
    const next = all[index < 0 ? (step > 0 ? 0 : all.length - 1) : (index + step + all.length) % all.length];
    for (const details of all) if (details !== next) details.open = false;
    next.open = true;
    const summary = next.querySelector('summary');
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: 'center' });
    }
  };
  const press = (action) => {
    const details = current();
    const button = details?.open && details.querySelector(`[data-action="${action}"]`);
    if (button instanceof HTMLButtonElement && !button.disabled) button.form?.requestSubmit(button);
  };
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    const actions = { j: () => go(1), k: () => go(-1), a: () => press('accept'), n: () => press('needs-answer') };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

if (table instanceof HTMLElement) enhance(table);
