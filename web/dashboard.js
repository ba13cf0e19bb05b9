// lanleased's dashboard: the live chart of packets per second by message
// type, from /api/v1/statistics once a second. The tables are rendered by
// the server and work without this script.
'use strict';
(function () {
  const series = [
    ['pkt4-discover-received', 'DISCOVER', '#0b6bcb'],
    ['pkt4-request-received', 'REQUEST', '#7a3ff2'],
    ['pkt4-offer-sent', 'OFFER', '#12a150'],
    ['pkt4-ack-sent', 'ACK', '#067647'],
    ['pkt4-nak-sent', 'NAK', '#b42318'],
    ['pkt4-release-received', 'RELEASE', '#b54708'],
    ['pkt4-decline-received', 'DECLINE', '#c11574'],
    ['pkt4-inform-received', 'INFORM', '#5b6670'],
  ];
  const canvas = document.getElementById('chart');
  const label = document.getElementById('rates-now');
  if (!canvas || !label) return;
  const keep = 60;
  const points = [];
  let last = null;
  let lastAt = 0;
  let updates = 0;

  function draw() {
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    let max = 1;
    for (const p of points) for (const v of p) max = Math.max(max, v);
    ctx.strokeStyle = '#d8dde3';
    ctx.fillStyle = '#5b6670';
    ctx.font = '11px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = pad / 2 + (h - pad) * i / 4;
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w, y); ctx.stroke();
      ctx.fillText(String(Math.round(max * (4 - i) / 4)), 0, y + 4);
    }
    series.forEach(function (s, k) {
      ctx.strokeStyle = s[2];
      ctx.lineWidth = 2;
      ctx.beginPath();
      points.forEach(function (p, i) {
        const x = pad + (w - pad) * (i + keep - points.length) / (keep - 1);
        const y = pad / 2 + (h - pad) * (1 - p[k] / max);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
  }

  function legend(now) {
    label.textContent = '';
    series.forEach(function (s, k) {
      const span = document.createElement('span');
      const dot = document.createElement('i');
      dot.style.background = s[2];
      span.appendChild(dot);
      span.appendChild(document.createTextNode(s[1] + ' ' + now[k].toFixed(0) + '/s'));
      label.appendChild(span);
    });
    label.className = 'legend';
  }

  function update(stats) {
    const t = performance.now();
    for (const td of document.querySelectorAll('#counters td[data-k]')) {
      const v = stats[td.dataset.k];
      if (v !== undefined) td.textContent = String(v);
    }
    if (last) {
      const dt = Math.max((t - lastAt) / 1000, 0.001);
      const now = series.map(function (s) {
        return Math.max(0, (stats[s[0]] - last[s[0]]) / dt);
      });
      points.push(now);
      if (points.length > keep) points.shift();
      updates++;
      canvas.dataset.updates = String(updates);
      canvas.dataset.total = String(now.reduce(function (a, b) { return a + b; }, 0));
      legend(now);
      draw();
    }
    last = stats;
    lastAt = t;
  }

  function poll() {
    fetch('/api/v1/statistics', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) update(s); })
      .catch(function () { label.textContent = 'statistics unavailable'; })
      .finally(function () { setTimeout(poll, 1000); });
  }
  draw();
  poll();
})();
