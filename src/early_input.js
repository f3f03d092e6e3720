// The prerendered login screen (index.html's #prerender, scripts/prerender.py) is live from its
// first paint; these lines, the first of the loader, run before the app's code arrives.
//
// Before the app: the copy's fields take typing, focus and the password manager natively;
// a press on ログイン (or Enter in a field), the language switch, the soft keyboard or the
// passkey login is marked on the copy (data-pressed) and the button shows that it is getting
// ready (aria-busy); "show password" works at once. Nothing here sends anything anywhere: the
// copy's ログイン is not a submit button (prerender.py), so the form never submits by itself.
//
// When the app has its screen, it shows its root #app (Layout); in that same task, before the
// next frame, what was typed goes into the app's fields (as `input` events, the way typing
// reaches the form), the copy leaves the page, then the focus, the caret and "show password"
// are put back and the pressed button is pressed in the app. Carried over rather than hydrated:
// the copy is a dump of the client-side rendered screen, and Leptos's hydration would put the
// `hydrate` feature's code into the first module; what matters is two strings, a checkbox, a
// caret and a press.
const copy = document.getElementById('prerender');
const app = document.getElementById('app');
// Where the copy is, the app's first module (180 KB) is fetched once the copy has painted, so
// that it does not share a slow network with the copy's stylesheet or the main thread with its
// first paint: the copy is the screen until then, and takes typing and presses meanwhile.
// Elsewhere (app.html: a deep link, nothing to show before the app) it is fetched at once, and
// so it is in a tab in the background (nothing paints there: the app is ready when it is shown).
const startApp = (start) => {
  let started = false;
  const once = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  const fcp = 'first-contentful-paint';
  if (!copy || document.visibilityState === 'hidden' || performance.getEntriesByName(fcp).length) {
    return once();
  }
  document.addEventListener('visibilitychange', once, { once: true });
  const paintTiming = PerformanceObserver.supportedEntryTypes?.includes('paint');
  if (paintTiming) {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName(fcp).length) {
        observer.disconnect();
        once();
      }
    }).observe({ type: 'paint', buffered: true });
  }
  // Without paint timing, the end of the first frame is the next best moment; with it, should
  // the paint never be reported, a second after.
  requestAnimationFrame(() => setTimeout(once, paintTiming ? 1000 : 0));
};
if (copy && app) {
  const buttons = ['.form__actions .button--primary', '.language-switch__button',
    '.soft-keyboard-toggle button', '.passkey-login button'];
  const press = (button, selector) => {
    copy.setAttribute('data-pressed', selector);
    for (const b of copy.querySelectorAll('[aria-busy]')) b.removeAttribute('aria-busy');
    button.setAttribute('aria-busy', 'true');
  };
  copy.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    const selector = button && buttons.find((s) => button.matches(s));
    if (selector) press(button, selector);
  });
  copy.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing && event.target.matches('.field__input')) {
      event.preventDefault();
      press(copy.querySelector(buttons[0]), buttons[0]);
    }
  });
  copy.addEventListener('change', (event) => {
    const password = copy.querySelector('#password');
    if (event.target.id === 'password-show' && password) {
      password.type = event.target.checked ? 'text' : 'password';
    }
  });
  const takeOver = () => {
    const active = document.activeElement;
    const focus = copy.contains(active) && active.id && active.matches('input') &&
      [active.id, active.selectionStart, active.selectionEnd];
    const show = copy.querySelector('#password-show')?.checked;
    const pressed = copy.getAttribute('data-pressed');
    for (const id of ['#contract-id', '#password']) {
      const from = copy.querySelector(id);
      const to = app.querySelector(id);
      if (from?.value && to) {
        to.value = from.value;
        to.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (from) from.value = '';
    }
    copy.remove();
    // The focus moves at once, so that a key pressed in this frame reaches the app's field
    // (with the copy's field gone it would reach nothing); the caret again in the next frame:
    // the app's render effects may still write the fields' values, which moves it to the end.
    const field = focus && app.querySelector(`#${focus[0]}`);
    const place = () => {
      if (!field) return;
      if (document.activeElement !== field) field.focus();
      if (focus[1] !== null) field.setSelectionRange(focus[1], focus[2]);
    };
    place();
    const carried = field?.value;
    requestAnimationFrame(() => {
      const toggle = app.querySelector('#password-show');
      if (show && toggle && !toggle.checked) toggle.click();
      // Unless a key was pressed meanwhile (then the caret is where it left it).
      if (field?.value === carried) place();
      if (pressed) app.querySelector(pressed)?.click();
    });
  };
  new MutationObserver((_, observer) => {
    if (!app.hidden) {
      observer.disconnect();
      takeOver();
    }
  }).observe(app, { attributes: true, attributeFilter: ['hidden'] });
}
