// Keep the focused field clear of the sticky save bar. On Tab, browsers scroll a field into view only
// when it is outside the window, not when it is under a sticky bar (CSS scroll-padding covers links to
// a field and programmatic focus, not this), so the page scrolls it up above the bar itself.
document.addEventListener("focusin", (event) => {
  const bar = document.querySelector(".sticky-actions");
  const field = event.target;
  if (!bar || bar.contains(field) || !field.closest("#response-form")) return;
  const gap = 16;
  const box = field.getBoundingClientRect();
  const covered = box.bottom + gap - bar.getBoundingClientRect().top;
  if (covered > 0) window.scrollBy(0, Math.min(covered, box.top - gap));
});
