// The drawing pad: black ink on white, pointer events (mouse, pen and touch alike). onStroke runs when a stroke
// ends, with the pad's PNG; the server inverts and centres it exactly as `ssgan classify` does.
"use strict";

const DrawPad = (() => {
  function attach(canvas, onStroke) {
    const g = canvas.getContext("2d");
    let drawing = false, inked = false;

    function clear() {
      g.fillStyle = "#fff";
      g.fillRect(0, 0, canvas.width, canvas.height);
      inked = false;
    }

    function at(event) {
      const r = canvas.getBoundingClientRect();
      return [(event.clientX - r.left) * canvas.width / r.width, (event.clientY - r.top) * canvas.height / r.height];
    }

    canvas.addEventListener("pointerdown", event => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      const [x, y] = at(event);
      g.lineWidth = canvas.width / 14; g.lineCap = "round"; g.lineJoin = "round"; g.strokeStyle = "#000";
      g.beginPath(); g.moveTo(x, y); g.lineTo(x, y); g.stroke();
      inked = true;
    });
    canvas.addEventListener("pointermove", event => {
      if (!drawing) return;
      const [x, y] = at(event);
      g.lineTo(x, y); g.stroke();
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      if (inked) canvas.toBlob(blob => onStroke(blob), "image/png");
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    clear();
    return { clear, hasInk: () => inked };
  }

  return { attach };
})();
