// The round's tab bar scrolls sideways on narrow screens: bring the current tab into view.
// Without this script the bar still scrolls, and the edge shadows (app.css) still show that it does.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector(".round-nav");
  const current = nav && nav.querySelector("[aria-current]");
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const left = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  nav.scrollLeft = Math.max(0, Math.min(left, nav.scrollWidth - nav.clientWidth));
});
