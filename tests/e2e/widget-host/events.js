// Records the widget's events (they bubble out of the shadow root: composed) for the test.
window.madadEvents = [];
for (const type of ["madad-ready", "madad-analysed", "madad-error"]) {
  document.addEventListener(type, (e) => {
    window.madadEvents.push({ type, id: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) });
  });
}
