// The page of `seqmnist serve`: draw a digit, post it to /api/predict after every stroke, and show
// for each loaded model the 28 x 28 image it reads, its answer, its answer after each row, and its
// gates (or, for a plain RNN, how far its state moves) after each row; for a model trained to read
// T steps of 784/T pixels (--seq-len), after each of its steps.
'use strict';

const ROWS = 28;
const CLASSES = 10;
// One colour per class (Tableau 10): the bars double as the chart's legend.
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
                 '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#79706e'];
const SVG = 'http://www.w3.org/2000/svg';
// The chart's plot area inside its 340 x 190 viewBox.
const PLOT = { left: 34, right: 330, top: 10, bottom: 160 };
// The series of `internalsAfterEachRow`: gates (mean over the hidden units) and the state change.
const STATE_CHANGE = 'stateChange';
const SERIES = {
  r: { colour: '#4e79a7', label: 'r reset' },
  z: { colour: '#e15759', label: 'z update' },
  i: { colour: '#59a14f', label: 'i input' },
  f: { colour: '#f28e2b', label: 'f forget' },
  o: { colour: '#b07aa1', label: 'o output' },
  [STATE_CHANGE]: { colour: '#1f2933', label: '‖h[t] − h[t−1]‖' },
};

const pad = document.getElementById('drawing');
const ink = pad.getContext('2d');
const statusLine = document.getElementById('status');
const modelsBox = document.getElementById('models');
const cards = new Map(); // model name -> its <section>
let latestRequest = 0;   // answers to older requests are dropped

function setStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

// ---- the drawing pad -------------------------------------------------------------------------

function clearPad() {
  ink.fillStyle = '#ffffff';
  ink.fillRect(0, 0, pad.width, pad.height);
}

function padPoint(event) {
  const box = pad.getBoundingClientRect();
  return {
    x: (event.clientX - box.left) * pad.width / box.width,
    y: (event.clientY - box.top) * pad.height / box.height,
  };
}

let stroke = null; // the pointer drawing now, and where it was last

pad.addEventListener('pointerdown', (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  const p = padPoint(event);
  stroke = { id: event.pointerId, last: p };
  ink.fillStyle = '#000000';
  ink.beginPath();
  ink.arc(p.x, p.y, ink.lineWidth / 2, 0, 2 * Math.PI);
  ink.fill();
});

pad.addEventListener('pointermove', (event) => {
  if (!stroke || event.pointerId !== stroke.id) return;
  const p = padPoint(event);
  ink.beginPath();
  ink.moveTo(stroke.last.x, stroke.last.y);
  ink.lineTo(p.x, p.y);
  ink.stroke();
  stroke.last = p;
});

function endStroke(event) {
  if (!stroke || event.pointerId !== stroke.id) return;
  stroke = null;
  pad.toBlob((png) => predict(png, 'image/png'), 'image/png');
}
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);

document.getElementById('clear').addEventListener('click', () => {
  clearPad();
  latestRequest++;
  for (const card of cards.values()) resetCard(card);
  setStatus('idle', 'Draw a digit with the mouse, a pen or a finger.');
});

document.getElementById('upload').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  event.target.value = ''; // choosing the same file again fires again
  if (!file) return;
  try { // show it on the pad, fitted and centred, so further strokes draw on it
    const picture = await createImageBitmap(file);
    const scale = Math.min(pad.width / picture.width, pad.height / picture.height);
    clearPad();
    ink.drawImage(picture, (pad.width - picture.width * scale) / 2,
      (pad.height - picture.height * scale) / 2, picture.width * scale, picture.height * scale);
  } catch (e) {
    // not an image the browser shows; the server says what is wrong with it
  }
  predict(file, file.type || 'application/octet-stream');
});

// ---- talking to the server -------------------------------------------------------------------

async function predict(body, contentType) {
  const request = ++latestRequest;
  setStatus('busy', 'Reading…');
  let response, answer;
  try {
    response = await fetch('api/predict', {
      method: 'POST', headers: { 'Content-Type': contentType }, body,
    });
    answer = await response.json();
  } catch (e) {
    if (request === latestRequest) setStatus('error', 'The server did not answer: ' + e.message);
    return;
  }
  if (request !== latestRequest) return;
  if (!response.ok) {
    if (response.status === 422) for (const card of cards.values()) resetCard(card);
    setStatus('error', answer.error || ('HTTP ' + response.status));
    return;
  }
  for (const model of answer.models) {
    showAnswer(cardFor(model.name), model, answer.image);
  }
  setStatus('ready', answer.models.map((m) => kindOf(m.name) + ' reads ' + m.predicted).join(' · '));
}

// ---- one card per model ----------------------------------------------------------------------

// Names are "kind (run folder)", e.g. "gru (gru-seed0)": the kind big, the folder small.
const nameParts = (name) => name.match(/^(\S+) \((.*)\)$/);
const kindOf = (name) => (nameParts(name) ? nameParts(name)[1].toUpperCase() : name);

function cardFor(name) {
  if (!cards.has(name)) {
    const card = document.getElementById('model-template').content.firstElementChild.cloneNode(true);
    card.dataset.model = name;
    card.querySelector('.name').textContent = kindOf(name);
    card.querySelector('.run').textContent = nameParts(name) ? nameParts(name)[2] : '';
    const bars = card.querySelector('.bars');
    for (let k = 0; k < CLASSES; k++) {
      const item = document.createElement('li');
      item.dataset.class = k;
      item.dataset.probability = '';
      item.innerHTML = '<span class="label"></span><span class="track"><span class="fill"></span></span>'
        + '<span class="value"></span>';
      item.querySelector('.label').textContent = k;
      item.querySelector('.label').style.borderColor = COLOURS[k];
      item.querySelector('.fill').style.backgroundColor = COLOURS[k];
      bars.appendChild(item);
    }
    drawAxes(card.querySelector('.rows-chart svg'), 1);
    modelsBox.appendChild(card);
    cards.set(name, card);
    resetCard(card);
  }
  return cards.get(name);
}

function resetCard(card) {
  card.dataset.predicted = '';
  card.querySelector('.predicted').textContent = '–';
  card.querySelector('.confidence').textContent = 'draw to see';
  for (const item of card.querySelectorAll('.bars li')) {
    item.dataset.probability = '';
    item.classList.remove('top');
    item.querySelector('.fill').style.width = '0';
    item.querySelector('.value').textContent = '';
  }
  for (const line of card.querySelectorAll('polyline')) line.remove();
  const gates = card.querySelector('.gates-chart');
  gates.dataset.series = '';
  drawAxes(gates.querySelector('svg'), 1);
  gates.querySelector('figcaption').textContent = 'what moves inside it, after each row';
  const seen = card.querySelector('.seen-image').getContext('2d');
  seen.fillStyle = '#000000';
  seen.fillRect(0, 0, 28, 28);
}

function showAnswer(card, model, image) {
  card.dataset.predicted = model.predicted;
  card.dataset.updates = Number(card.dataset.updates) + 1;
  card.querySelector('.predicted').textContent = model.predicted;
  card.querySelector('.confidence').textContent =
    (100 * model.probabilities[model.predicted]).toFixed(1) + '% sure';
  drawImage(card.querySelector('.seen-image'), image);
  card.querySelectorAll('.bars li').forEach((item, k) => {
    const p = model.probabilities[k];
    item.dataset.probability = p;
    item.classList.toggle('top', k === model.predicted);
    item.querySelector('.fill').style.width = (100 * p).toFixed(1) + '%';
    item.querySelector('.value').textContent = (100 * p).toFixed(1) + '%';
  });
  drawRows(card.querySelector('.rows-chart svg'), model.probabilitiesAfterEachRow, model.predicted);
  drawInternals(card.querySelector('.gates-chart'), model.internalsAfterEachRow || {});
}

// The prepared image as the network gets it: white ink on black, one canvas pixel per pixel.
function drawImage(canvas, image) {
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(28, 28);
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const v = Math.round(255 * image[r][c]);
      const at = 4 * (28 * r + c);
      pixels.data[at] = pixels.data[at + 1] = pixels.data[at + 2] = v;
      pixels.data[at + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
}

// ---- the per-step chart: inline SVG, x = steps read (1..T), y = probability ----------------------
// A model reads the image in T steps of 784/T pixels: T = 28 is the rows, T = 784 pixel by pixel.
// Past MAX_POINTS steps a line is drawn through every k-th step (and the last), so a page showing
// a pixel-by-pixel model stays quick to redraw while the user draws.

const MAX_POINTS = 196;
const xOf = (step, steps = ROWS) => PLOT.left + (step - 1) * (PLOT.right - PLOT.left) / Math.max(1, steps - 1);

// [step, value] pairs of a per-step series, thinned to at most MAX_POINTS + 1 points.
function sampled(series) {
  const stride = Math.ceil(series.length / MAX_POINTS);
  const points = [];
  for (let t = 0; t < series.length; t += stride) points.push([t + 1, series[t]]);
  if (points[points.length - 1][0] !== series.length) points.push([series.length, series[series.length - 1]]);
  return points;
}

function stepsTitle(steps) {
  if (steps === ROWS) return 'rows read';
  const width = 784 / steps;
  return 'steps read (' + width + (width === 1 ? ' pixel' : ' pixels') + ' each'
    + (steps > MAX_POINTS ? ', every ' + Math.ceil(steps / MAX_POINTS) + 'th drawn' : '') + ')';
}
const yOf = (value, max = 1) => PLOT.bottom - (value / max) * (PLOT.bottom - PLOT.top);

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

// Axes for values from 0 to max over steps 1..steps; anything drawn before is removed.
function drawAxes(svg, max, steps = ROWS) {
  svg.replaceChildren();
  const axes = svgElement('g', { class: 'axes' });
  for (const p of [0, max / 2, max]) {
    axes.appendChild(svgElement('line', { x1: PLOT.left, x2: PLOT.right, y1: yOf(p, max), y2: yOf(p, max),
      class: p === 0 ? 'axis' : 'grid' }));
    axes.appendChild(svgElement('text', { x: PLOT.left - 6, y: yOf(p, max) + 4, 'text-anchor': 'end' },
      Number(p.toFixed(2))));
  }
  const ticks = steps === ROWS ? [1, 7, 14, 21, 28]
    : [1, Math.round(steps / 4), Math.round(steps / 2), Math.round(3 * steps / 4), steps];
  for (const step of ticks) {
    axes.appendChild(svgElement('line', { x1: xOf(step, steps), x2: xOf(step, steps), y1: PLOT.bottom,
      y2: PLOT.bottom + 4, class: 'axis' }));
    axes.appendChild(svgElement('text', { x: xOf(step, steps), y: PLOT.bottom + 16, 'text-anchor': 'middle' },
      step));
  }
  axes.appendChild(svgElement('text', { x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 29,
    'text-anchor': 'middle', class: 'title' }, stepsTitle(steps)));
  svg.appendChild(axes);
  svg.appendChild(svgElement('g', { class: 'lines' }));
}

function drawRows(svg, afterEachRow, predicted) {
  const steps = afterEachRow.length;
  drawAxes(svg, 1, steps);
  const lines = svg.querySelector('.lines');
  // The predicted class last, so its line is on top.
  const order = [...Array(CLASSES).keys()].filter((k) => k !== predicted).concat([predicted]);
  for (const k of order) {
    const points = sampled(afterEachRow.map((probabilities) => probabilities[k])).map(([t, p]) =>
      xOf(t, steps).toFixed(1) + ',' + yOf(p).toFixed(1)).join(' ');
    lines.appendChild(svgElement('polyline', { points, stroke: COLOURS[k], 'data-class': k,
      class: k === predicted ? 'predicted' : '' }));
  }
  // The answer's class named at the end of its line.
  const label = svgElement('text', { x: PLOT.right + 3, y: yOf(afterEachRow[steps - 1][predicted]) + 4,
    class: 'end-label' }, predicted);
  label.style.fill = COLOURS[predicted];
  lines.appendChild(label);
}

// ---- the internals chart: a GRU's or an LSTM's gates in [0, 1], else the state's change ------

function drawInternals(figure, internals) {
  const names = Object.keys(internals);
  const gates = names.filter((name) => name !== STATE_CHANGE);
  const shown = gates.length > 0 ? gates : names.filter((name) => name === STATE_CHANGE);
  const max = gates.length > 0 ? 1 : Math.max(1, Math.ceil(Math.max(...internals[STATE_CHANGE] || [0])));
  const svg = figure.querySelector('svg');
  const steps = shown.length > 0 ? internals[shown[0]].length : ROWS;
  drawAxes(svg, max, steps);
  const lines = svg.querySelector('.lines');
  for (const name of shown) {
    const points = sampled(internals[name]).map(([t, value]) =>
      xOf(t, steps).toFixed(1) + ',' + yOf(value, max).toFixed(1)).join(' ');
    lines.appendChild(svgElement('polyline', { points, stroke: (SERIES[name] || {}).colour || '#7b8794',
      'data-series': name }));
  }
  figure.dataset.series = shown.join(' ');
  const caption = figure.querySelector('figcaption');
  caption.replaceChildren();
  if (shown.length === 0) {
    caption.textContent = 'no recurrence: nothing carried from row to row';
    return;
  }
  for (const name of shown) {
    const key = document.createElement('span');
    key.className = 'key';
    key.style.color = (SERIES[name] || {}).colour || '#7b8794';
    key.textContent = '■ ' + ((SERIES[name] || {}).label || name);
    caption.appendChild(key);
  }
  caption.appendChild(document.createTextNode(gates.length > 0
    ? ' gates after each row (mean over the hidden units)'
    : ' how far the hidden state moves on each row'));
}

// ---- start: a card for every model the server has loaded ------------------------------------

clearPad();
ink.lineWidth = 18;
ink.lineCap = 'round';
ink.lineJoin = 'round';
ink.strokeStyle = '#000000';
fetch('api/models').then((r) => r.json()).then((answer) => {
  for (const name of answer.models) cardFor(name);
  document.body.dataset.ready = 'true';
}).catch((e) => setStatus('error', 'Cannot list the models: ' + e.message));
