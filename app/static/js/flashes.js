// The page's messages (a flash after a redirect: «Høringen er publisert.») are focused once the page has
// loaded: a screen reader then reads them, and the keyboard goes on from there. A live region that is in the
// page from the start is not reliably announced. A form with an error summary takes the focus itself
// (error-summary.js).
// An address naming a place on the page (#fa-3 after moving a focus area, #utkast after a new draft) is where
// the user lands: the messages are put there, just before it (first in it, for a list item: a list holds only
// its items), and focused once the browser has gone there, so they are read and seen where the user is. The
// review page and the response form put them at their own places (review-place.js, autosave.js).
document.addEventListener("DOMContentLoaded", () => {
  const flashes = document.querySelector("main .flashes");
  if (!flashes || document.querySelector(".ds-error-summary")) return;
  const place = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (!place) {
    flashes.focus();
    return;
  }
  if (place.contains(flashes) || place.closest("[data-keeps-place]")) return;
  if (place.tagName === "LI") place.prepend(flashes);
  else place.before(flashes);
  window.addEventListener("load", () => {
    flashes.focus({ preventScroll: true });
    flashes.scrollIntoView({ block: "nearest" });
  });
});
