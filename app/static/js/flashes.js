// The page's messages (a flash after a redirect: «Høringen er publisert.») are focused once the page has
// loaded: a screen reader then reads them, and the keyboard goes on from there. A live region that is in the
// page from the start is not reliably announced. A page that takes the focus elsewhere itself keeps it: a form
// with an error summary (error-summary.js), or an address naming a place on the page (autosave.js and
// review-place.js move the messages there).
document.addEventListener("DOMContentLoaded", () => {
  const flashes = document.querySelector("main .flashes");
  if (!flashes || document.querySelector(".ds-error-summary")) return;
  const place = decodeURIComponent(window.location.hash.slice(1));
  if (place && document.getElementById(place)) return;
  flashes.focus();
});
