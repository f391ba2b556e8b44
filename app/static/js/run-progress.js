// Keeps a background run's progress bar current: asks the server once a second, updates the
// bar and the step, tells screen readers when the step changes (aria-live="polite"), and
// reloads the page when the run has finished so that its results show.
// Without JavaScript the page's «Oppdater» link does the same by hand.
(function () {
  "use strict";
  var panel = document.querySelector("[data-run-status-url]");
  if (!panel || !window.fetch) { return; }
  var bar = panel.querySelector("progress");
  var step = panel.querySelector("[data-run-step]");
  var waited = panel.querySelector("[data-run-waited]");
  var live = panel.querySelector("[data-run-live]");
  var lastStep = step.dataset.runStep;
  // The panel's heading ends with the run's state («Venter på tur», «Kjører»): kept in step with the bar
  var title = document.getElementById("run-title");
  var lastLabel = title ? title.dataset.runLabel : null;

  function showLabel(label) {
    if (!title || !lastLabel || !label || label === lastLabel) { return; }
    var text = title.textContent, at = text.lastIndexOf(lastLabel);
    if (at < 0) { return; }
    title.textContent = text.slice(0, at) + label + text.slice(at + lastLabel.length);
    lastLabel = label;
  }

  function show(state) {
    var text = state.step + " (" + state.progress + " %)";
    bar.value = state.progress;
    bar.textContent = state.progress + " %";
    step.textContent = text;
    waited.textContent = state.status === "queued" ? panel.dataset.textWaited.replace("{seconds}", state.waited) : "";
    showLabel(state.label);
    if (state.step !== lastStep) { live.textContent = text; }
    lastStep = state.step;
  }

  function tick() {
    fetch(panel.dataset.runStatusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.active) {
          live.textContent = panel.dataset.textDone;
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }

  window.setTimeout(tick, 1000);
}());
