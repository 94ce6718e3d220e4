// antom-sim portal: a single-page app over the /_sim/ control API, no framework.
// Every value from the simulator is put on the page with textContent (el() below), never as HTML:
// merchant names, order descriptions, URLs and notification bodies are merchant-controlled.
const TOKEN_KEY = 'antom-sim-control-token';
const POLL_MS = 2000;
const STATUSES = ['SUCCESS', 'PROCESSING', 'FAIL', 'CANCELLED'];

const main = document.getElementById('main');
const statusLine = document.getElementById('status');
const gate = document.getElementById('token-gate');

// 401: no token or a wrong one. 403: antom-sim has no token and answers loopback peers only; its
// message says how to start it so that this browser may read (--control-token or --control-open).
class AuthError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function refusal(err) {
  if (err.status === 403) return err.message;
  return sessionStorage.getItem(TOKEN_KEY) ? 'That token was refused.' : '';
}

// el('td', {class: 'x', href: '#/'}, 'text', child, ...): strings become text nodes.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function badge(text) { return el('span', { class: `badge ${text || ''}` }, text || '-'); }

// svg('rect', {x: 1}, child...): el() for SVG; text still only through text nodes.
const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// Stacked bars, one per bucket of GET /_sim/activity; each bar's <title> is its tooltip.
// series: [{ key, label }]; value(bucket, key) -> count; tick(bucket) -> axis label.
function barChart(id, buckets, series, value, tick) {
  const W = 720, H = 150, left = 36, bottom = 20, top = 10;
  const totals = buckets.map((b) => series.reduce((sum, s) => sum + value(b, s.key), 0));
  const max = Math.max(1, ...totals);
  const slot = (W - left) / Math.max(1, buckets.length), bar = Math.max(1, slot * 0.7);
  const every = Math.ceil(buckets.length / 8);
  const chart = svg('svg', { id, class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img' },
    svg('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, class: 'axis' }),
    svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'tick' }, max),
    svg('text', { x: left - 6, y: H - bottom, 'text-anchor': 'end', class: 'tick' }, 0));
  buckets.forEach((b, i) => {
    const x = left + i * slot;
    const g = svg('g', { class: 'bar', 'data-start': b.start, 'data-total': totals[i] },
      svg('title', {}, `${b.start}: ${series.map((s) => `${s.label} ${value(b, s.key)}`).join(', ')}`));
    for (const s of series) g.setAttribute(`data-${s.key.toLowerCase()}`, value(b, s.key));
    let y = H - bottom;
    for (const s of series) {
      const v = value(b, s.key);
      if (!v) continue;
      const h = ((H - bottom - top) * v) / max;
      y -= h;
      g.append(svg('rect', { x: x + (slot - bar) / 2, y, width: bar, height: h, class: `fill-${s.key}` }));
    }
    chart.append(g);
    if (i % every === 0) chart.append(svg('text', { x: x + slot / 2, y: H - 5, 'text-anchor': 'middle', class: 'tick' }, tick(b)));
  });
  return chart;
}

function legend(series) {
  return el('div', { class: 'legend' }, series.map((s) => el('span', {}, el('i', { class: `swatch fill-${s.key}` }), s.label)));
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                  cache: 'no-store' });
  if (res.status === 401 || res.status === 403)
    throw new AuthError(res.status, (await res.json().catch(() => ({}))).message || `HTTP ${res.status}`);
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message || `${method} ${path}: HTTP ${res.status}`);
  return json;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

// ---- token gate ----
let gateResolve = null;
function showGate(message) {
  main.hidden = true;
  gate.hidden = false;
  document.getElementById('token-error').textContent = message || '';
  document.getElementById('token-input').focus();
}
document.getElementById('token-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const token = document.getElementById('token-input').value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    await api('/_sim/clock');
  } catch (err) {
    const message = err instanceof AuthError ? refusal(err) : String(err.message);
    sessionStorage.removeItem(TOKEN_KEY);
    showGate(message);
    return;
  }
  gate.hidden = true;
  main.hidden = false;
  document.getElementById('token-input').value = '';
  updateForget();
  route();
});
const forget = document.getElementById('forget-token');
function updateForget() { forget.hidden = !sessionStorage.getItem(TOKEN_KEY); }
forget.addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); updateForget(); route(); });

// ---- views: each mounts once per route and returns a refresh function the poller calls ----
function card(title, ...body) { return el('section', { class: 'card' }, el('h2', {}, title), ...body); }

function overview() {
  const clockNow = el('span', { id: 'clock-now', class: 'mono' }, '…');
  const clockFrozen = el('span', { id: 'clock-frozen' });
  const freeze = el('button', { id: 'freeze-toggle', type: 'button', class: 'secondary' }, 'Freeze');
  let frozen = false;
  const act = (path, body) => async () => {
    try { await api(path, { method: 'POST', body }); await refresh(); } catch (e) { fail(e); }
  };
  freeze.addEventListener('click', () => act(frozen ? '/_sim/clock/unfreeze' : '/_sim/clock/freeze')());
  const counts = el('div', { class: 'counts', id: 'counts' });
  const merchantsBody = el('tbody', { id: 'merchants' });
  const PAYMENT_SERIES = [{ key: 'SUCCESS', label: 'SUCCESS' }, { key: 'FAIL', label: 'FAIL' },
                          { key: 'PROCESSING', label: 'PROCESSING' }, { key: 'CANCELLED', label: 'CANCELLED' }];
  const NOTIFY_SERIES = [{ key: 'delivered', label: 'acknowledged' }, { key: 'failed', label: 'not acknowledged' }];
  const span = el('select', { id: 'activity-bucket' }, el('option', { value: '1h' }, 'last 24 hours, by hour'),
                  el('option', { value: '1d' }, 'last 14 days, by day'));
  span.addEventListener('change', () => refresh().catch(fail));
  const paymentChart = el('div', { id: 'payments-chart' });
  const notifyChart = el('div', { id: 'notifications-chart' });
  main.replaceChildren(
    el('div', { class: 'grid' },
      card('Virtual clock',
        el('p', {}, clockNow, ' ', clockFrozen),
        el('div', { class: 'row' },
          el('button', { id: 'advance-1h', type: 'button', onclick: act('/_sim/clock/advance', { by: '1h' }) }, 'Advance 1h'),
          el('button', { id: 'advance-1d', type: 'button', onclick: act('/_sim/clock/advance', { by: '24h' }) }, 'Advance 1d'),
          freeze)),
      card('Payments by status', counts)),
    card('Activity over virtual time', el('div', { class: 'row' }, span),
      el('h3', {}, 'Payments created, by status now'), paymentChart, legend(PAYMENT_SERIES),
      el('h3', {}, 'Notification attempts'), notifyChart, legend(NOTIFY_SERIES)),
    card('Merchants', el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Client-Id'), el('th', {}, 'Name'), el('th', { class: 'wide' }, 'Notify URL'),
                                   el('th', {}, 'Payments'))),
      merchantsBody))));

  async function refresh() {
    const byDay = span.value === '1d';
    const [clock, merchants, stats, activity] = await Promise.all([api('/_sim/clock'), api('/_sim/merchants'),
      api('/_sim/payments/stats'), api(`/_sim/activity${qs({ bucket: span.value, buckets: byDay ? 14 : 24 })}`)]);
    const tick = (b) => (byDay ? b.start.slice(5, 10) : b.start.slice(11, 16));
    paymentChart.replaceChildren(barChart('payments-bars', activity.buckets, PAYMENT_SERIES, (b, k) => b.payments[k] ?? 0, tick));
    notifyChart.replaceChildren(barChart('notifications-bars', activity.buckets, NOTIFY_SERIES, (b, k) => b.notifications[k] ?? 0, tick));
    frozen = clock.frozen;
    clockNow.textContent = clock.now;
    clockFrozen.replaceChildren(badge(clock.frozen ? 'FROZEN' : 'RUNNING'));
    freeze.textContent = clock.frozen ? 'Unfreeze' : 'Freeze';
    counts.replaceChildren(...STATUSES.map((s) =>
      el('a', { class: 'count', href: `#/payments${qs({ status: s })}`, 'data-status': s }, el('b', {}, stats.byStatus?.[s] ?? 0), s)));
    merchantsBody.replaceChildren(...merchants.merchants.map((m) => el('tr', { 'data-client-id': m.clientId },
      el('td', { class: 'mono' }, m.clientId), el('td', {}, m.name || ''), el('td', { class: 'wide mono' }, m.notifyUrl || ''),
      el('td', {}, el('a', { href: `#/payments${qs({ clientId: m.clientId })}` }, 'payments')))));
  }
  return refresh;
}

function payments(params) {
  const form = el('form', { class: 'row filters', id: 'payment-filters' });
  const search = el('input', { id: 'search', name: 'q', type: 'search', placeholder: 'paymentRequestId or paymentId',
                               value: params.get('q') || '' });
  const client = el('select', { name: 'clientId', id: 'filter-client' }, el('option', { value: '' }, 'all merchants'));
  const status = el('select', { name: 'status', id: 'filter-status' }, el('option', { value: '' }, 'any status'),
                    ...STATUSES.map((s) => el('option', { value: s, selected: params.get('status') === s }, s)));
  const method = el('input', { name: 'paymentMethodType', placeholder: 'method, e.g. GCASH', value: params.get('paymentMethodType') || '' });
  // A time range in the zone antom-sim prints times in (GMT+8): datetime-local has no zone.
  const localValue = (iso) => (iso ? iso.slice(0, 16) : '');
  const isoValue = (local) => (local ? `${local}:00+08:00` : '');
  const from = el('input', { name: 'createdFrom', id: 'filter-from', type: 'datetime-local', title: 'created from (GMT+8)',
                             value: localValue(params.get('createdFrom')) });
  const to = el('input', { name: 'createdTo', id: 'filter-to', type: 'datetime-local', title: 'created before (GMT+8)',
                           value: localValue(params.get('createdTo')) });
  form.append(search, client, status, method, el('label', { class: 'muted' }, 'from ', from), el('label', { class: 'muted' }, 'to ', to),
              el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/payments${qs({ q: search.value.trim(), clientId: client.value, status: status.value,
                                      paymentMethodType: method.value.trim(), createdFrom: isoValue(from.value),
                                      createdTo: isoValue(to.value) })}`;
  });
  const body = el('tbody', { id: 'payments-table' });
  const more = el('button', { type: 'button', class: 'secondary', id: 'next-page', hidden: true }, 'Next page');
  const total = el('span', { class: 'muted', id: 'payments-total' });
  main.replaceChildren(card('Payments', form),
    el('section', { class: 'card' }, el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Payment'), el('th', {}, 'Status'), el('th', {}, 'Amount'),
                                   el('th', { class: 'wide' }, 'Method'), el('th', { class: 'wide' }, 'Merchant'),
                                   el('th', { class: 'wide' }, 'Created'))),
      body)), el('div', { class: 'row' }, total, more)));

  const filters = { clientId: params.get('clientId'), status: params.get('status'),
                    paymentMethodType: params.get('paymentMethodType'), createdFrom: params.get('createdFrom'),
                    createdTo: params.get('createdTo') };
  const q = params.get('q') || '';
  let cursor = params.get('cursor') || '';
  more.addEventListener('click', () => {
    const p = new URLSearchParams(params);
    p.set('cursor', cursor);
    location.hash = `#/payments?${p}`;
  });
  let merchantsLoaded = false;

  async function refresh() {
    if (!merchantsLoaded) {
      const ms = await api('/_sim/merchants');
      client.append(...ms.merchants.map((m) => el('option', { value: m.clientId, selected: params.get('clientId') === m.clientId },
                                                   m.name ? `${m.name} (${m.clientId})` : m.clientId)));
      merchantsLoaded = true;
    }
    let rows;
    let page;
    if (q) {
      // An id the developer pasted: the merchant's paymentRequestId or Antom's paymentId.
      const [byRequest, byPayment] = await Promise.all([
        api(`/_sim/payments${qs({ ...filters, paymentRequestId: q })}`), api(`/_sim/payments${qs({ ...filters, paymentId: q })}`)]);
      const seen = new Set();
      rows = [...byRequest.payments, ...byPayment.payments].filter((p) => !seen.has(p.paymentId) && seen.add(p.paymentId));
      page = { total: rows.length };
    } else {
      page = await api(`/_sim/payments${qs({ ...filters, limit: 50, cursor: params.get('cursor') })}`);
      rows = page.payments;
    }
    cursor = page.nextCursor || '';
    more.hidden = !cursor;
    total.textContent = `${page.total ?? rows.length} payment(s)`;
    body.replaceChildren(...(rows.length ? rows.map((p) => el('tr', { 'data-payment-id': p.paymentId },
      el('td', {}, el('a', { href: `#/payments/${encodeURIComponent(p.paymentId)}`, class: 'mono' }, p.paymentRequestId),
         el('div', { class: 'muted mono' }, p.paymentId)),
      el('td', {}, badge(p.paymentStatus)),
      el('td', { class: 'nowrap' }, money(p.paymentAmount)),
      el('td', { class: 'wide' }, p.paymentMethodType || ''),
      el('td', { class: 'wide mono' }, p.clientId),
      el('td', { class: 'wide' }, p.paymentCreateTime || ''))) : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No payments match.'))]));
    body.dataset.loaded = params.toString();  // which search the rows answer (tests wait on it)
  }
  return refresh;
}

function money(m) { return m ? `${m.value} ${m.currency}` : ''; }

function fields(obj, names) {
  return el('dl', { class: 'fields' }, ...names.filter((n) => obj[n] !== undefined && obj[n] !== null).flatMap((n) =>
    [el('dt', {}, n), el('dd', { 'data-field': n }, typeof obj[n] === 'object' ? (money(obj[n]) || JSON.stringify(obj[n])) : obj[n])]));
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

// The answer of an action as a line: Antom's result ("REFUND_AMOUNT_EXCEED (F): ...") or the
// control API's refusal (HTTP 400/404/409 message).
function showResult(line, json) {
  const r = json.result || {};
  line.replaceChildren(badge(r.resultCode), ` ${r.resultStatus ? `(${r.resultStatus}) ` : ''}${r.resultMessage || ''}`,
                       json.refundId ? ` refundId ${json.refundId}` : '');
  line.className = r.resultStatus === 'S' ? '' : 'error';
  line.dataset.resultCode = r.resultCode || '';
}

function showError(line, err) {
  if (err instanceof AuthError) throw err;
  line.replaceChildren(err.message);
  line.className = 'error';
  line.dataset.resultCode = 'ERROR';
}

// Refund (full or partial) and Cancel, through POST /_sim/payments/{id}/refund and /cancel: the
// signed API's state code, so its rules and messages. Mounted once, so a typed amount survives
// the refresh.
function paymentActions(paymentId, after) {
  const amount = el('input', { id: 'refund-amount', name: 'value', inputmode: 'numeric', pattern: '[0-9]+', required: true,
                               title: 'minor units, e.g. 1000 = 10.00', size: 12 });
  const currency = el('span', { id: 'refund-currency', class: 'mono' });
  let edited = false;
  amount.addEventListener('input', () => { edited = true; });
  const refundButton = el('button', { type: 'submit', id: 'refund-submit' }, 'Refund');
  const cancelButton = el('button', { type: 'button', class: 'secondary', id: 'cancel-payment' }, 'Cancel payment');
  const line = el('p', { id: 'action-result', role: 'status' });
  let clientId = '';
  const post = async (button, path, body) => {
    button.disabled = true;  // one click, one request
    try {
      showResult(line, await api(`/_sim/payments/${encodeURIComponent(paymentId)}/${path}${qs({ clientId })}`, { method: 'POST', body }));
      edited = false;
      await after();
    } catch (err) {
      showError(line, err);
    } finally {
      button.disabled = false;
    }
  };
  const form = el('form', { class: 'row', id: 'refund-form' }, el('label', { for: 'refund-amount' }, 'Refund amount (minor units)'),
                  amount, currency, refundButton);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(refundButton, 'refund', { refundAmount: { currency: currency.textContent, value: amount.value.trim() } }).catch(fail);
  });
  cancelButton.addEventListener('click', () => {
    if (!window.confirm(`Cancel payment ${paymentId}? Antom allows it until 00:15 (GMT+8) the day after the payment.`)) return;
    post(cancelButton, 'cancel').catch(fail);
  });
  const node = card('Actions', form, el('div', { class: 'row' }, cancelButton), line);
  // The refundable rest by default: the paid amount less what refunds took (or hold).
  const update = (p) => {
    clientId = p.clientId;
    currency.textContent = p.paymentAmount?.currency || '';
    // BigInt: values are strings of up to 16 digits, past what a Number holds exactly.
    const rest = BigInt(p.paymentAmount?.value || 0) - BigInt(p.refundedAmount?.value || 0);
    if (!edited) amount.value = String(rest > 0n ? rest : 0n);
  };
  return { node, update };
}

function payment(paymentId) {
  const head = el('section', { class: 'card' }, el('h2', {}, 'Payment ', el('span', { class: 'mono' }, paymentId)));
  const info = el('div', { id: 'payment-fields' }, el('p', { class: 'muted' }, 'Loading…'));
  const timeline = el('ol', { class: 'timeline', id: 'timeline' });
  head.append(info);
  const actions = paymentActions(paymentId, () => refresh());
  main.replaceChildren(el('p', {}, el('a', { href: '#/payments' }, '← Payments')), head, actions.node, card('Timeline', timeline));
  const open = new Set();  // <details> the user opened survive a refresh

  function details(key, summary, ...body) {
    const d = el('details', { open: open.has(key) }, el('summary', {}, summary), ...body);
    d.addEventListener('toggle', () => (d.open ? open.add(key) : open.delete(key)));
    return d;
  }

  async function refresh() {
    const found = await api(`/_sim/payments${qs({ paymentId })}`);
    const p = found.payments[0];
    if (!p) {
      info.replaceChildren(el('p', { class: 'error' }, 'No payment with this paymentId.'));
      timeline.replaceChildren();
      return;
    }
    const clientId = p.clientId;
    actions.update(p);
    // The journal by paymentRequestId too: a refused pay (or its retries) may carry no paymentId.
    const [refunds, declarations, byPayment, byRequest, notes] = await Promise.all([
      api(`/_sim/refunds${qs({ clientId, paymentId })}`),
      api(`/_sim/declarations${qs({ clientId, paymentId })}`),
      api(`/_sim/requests${qs({ clientId, paymentId, limit: 200 })}`),
      api(`/_sim/requests${qs({ clientId, paymentRequestId: p.paymentRequestId, limit: 200 })}`),
      api(`/_sim/notifications${qs({ clientId, subject: paymentId })}`)]);
    const seenRequests = new Set();
    const journal = [...byPayment.requests, ...byRequest.requests]
      .filter((r) => !seenRequests.has(r.id) && seenRequests.add(r.id))
      .sort((a, b) => Number(a.id.replace(/\D/g, '')) - Number(b.id.replace(/\D/g, '')));  // oldest first
    const refundNotes = await Promise.all(refunds.refunds.map((r) =>
      r.refundId ? api(`/_sim/notifications${qs({ clientId, subject: r.refundId })}`) : { notifications: [] }));
    const allNotes = [...notes.notifications, ...refundNotes.flatMap((n) => n.notifications)];
    const fullNotes = await Promise.all(allNotes.map((n) => api(`/_sim/notifications/${encodeURIComponent(n.id)}${qs({ clientId })}`)));

    info.replaceChildren(el('p', {}, badge(p.paymentStatus)),
      fields(p, ['paymentRequestId', 'paymentId', 'clientId', 'paymentStatus', 'paymentResultCode', 'paymentMethodType', 'buyerId',
                 'referenceOrderId', 'paymentAmount', 'refundedAmount', 'paymentCreateTime', 'paymentTime', 'paymentExpiryTime']));

    // Times are whole seconds: events of the same second keep the order they are added in
    // (created, API calls, outcome, refunds, notifications).
    const events = [];
    const add = (time, cls, ...content) => events.push({ t: Date.parse(time) || 0, n: events.length,
      node: el('li', { class: cls }, el('span', { class: 'when' }, time || ''), ...content) });
    add(p.paymentCreateTime, 'state', 'Payment created ', badge('PROCESSING'));
    // The outcome goes right after the pay call that made it (same second, so order decides).
    // A cancelled payment has a cancelTime instead (shown with the refunds below).
    let outcomeShown = !p.paymentTime;
    const outcome = () => {
      add(p.paymentTime, 'state', 'Payment ', badge(p.paymentStatus));
      outcomeShown = true;
    };
    for (const r of journal) {
      add(r.receivedAt, 'request', el('b', {}, `API ${r.operation}`), ' ', badge(r.resultCode || String(r.response?.status ?? '')),
          details(`req-${r.id}`, `${r.id}: request and answer`,
            el('div', {}, 'Request'), el('pre', { class: 'request-body' }, pretty(r.request?.body ?? '')),
            el('div', {}, `Answer (HTTP ${r.response?.status ?? '-'})`), el('pre', {}, pretty(r.response?.body ?? ''))));
      if (r.operation === 'pay' && !outcomeShown && Date.parse(r.receivedAt) >= Date.parse(p.paymentTime)) outcome();
    }
    if (!outcomeShown) outcome();
    if (p.cancelTime) add(p.cancelTime, 'state', 'Payment cancelled ', badge('CANCELLED'));
    for (const d of declarations.declarations || []) {
      add(d.lastModifiedTime, 'state', `Customs declaration ${d.declarationRequestId || ''} `,
          badge(d.declarationRequestStatus), ' ', money(d.declarationAmount), d.customs?.customsCode ? ` to ${d.customs.customsCode}` : '');
    }
    for (const r of refunds.refunds) {
      add(r.createTime || r.refundTime, 'state', `Refund ${r.refundRequestId || r.refundId || ''} `,
          badge(r.refundStatus), ' ', money(r.refundAmount));
    }
    for (const n of fullNotes) {
      add(n.createdAt, 'notification', el('b', {}, `Notification ${n.id} (${n.notifyType})`), ' ', badge(n.state),
          n.state === 'PENDING' && n.nextAttemptAt ? el('span', { class: 'muted' }, ` next attempt ${n.nextAttemptAt}`) : null,
          details(`ntf-${n.id}`, 'body', el('pre', {}, JSON.stringify(n.body ?? {}, null, 2))));
      for (const a of n.attempts || []) {
        const ok = a.acknowledged;
        add(a.sentAt || a.scheduledAt, `notification attempt ${ok ? 'ok' : 'failed'}`,
            `${n.notifyType} ${n.id} attempt ${a.number} to `, el('span', { class: 'mono' }, a.url || ''), ': ',
            badge(ok ? 'DELIVERED' : 'FAIL'), ' ', a.httpStatus != null ? `HTTP ${a.httpStatus}` : (a.error || ''),
            a.responseBody ? details(`ntf-${n.id}-${a.number}`, 'answer', el('pre', {}, a.responseBody)) : null);
      }
    }
    events.sort((a, b) => a.t - b.t || a.n - b.n);
    timeline.replaceChildren(...events.map((e) => e.node));
  }
  return refresh;
}

// ---- the other tables: one generic page each (filters from the hash, paging by nextCursor) ----
const paymentLink = (id) => (id ? el('a', { class: 'mono', href: `#/payments/${encodeURIComponent(id)}` }, id) : '');
const text = (name) => (row) => row[name] ?? '';
const mono = (name) => (row) => el('span', { class: 'mono' }, row[name] ?? '');
const status = (name) => (row) => badge(row[name]);
const CLIENT = { name: 'clientId', label: 'merchant (Client-Id)' };

const TABLES = {
  refunds: {
    title: 'Refunds', path: '/_sim/refunds', key: 'refunds', paged: true,
    filters: [CLIENT, { name: 'status', values: ['SUCCESS', 'PROCESSING', 'FAIL'] }, { name: 'paymentId' }, { name: 'refundRequestId' }],
    columns: [['Refund', (r) => el('span', {}, el('span', { class: 'mono' }, r.refundRequestId), el('div', { class: 'muted mono' }, r.refundId))],
              ['Status', status('refundStatus')], ['Amount', (r) => money(r.refundAmount)],
              ['Payment', (r) => paymentLink(r.paymentId), true], ['Created', (r) => r.createTime || r.refundTime || '', true]],
  },
  declarations: {
    title: 'Customs declarations', path: '/_sim/declarations', key: 'declarations', paged: true,
    filters: [CLIENT, { name: 'status', values: ['SUCCESS', 'PROCESSING', 'FAIL'] }, { name: 'paymentId' }],
    columns: [['Declaration', mono('declarationRequestId')], ['Status', status('declarationRequestStatus')],
              ['Payment', (r) => paymentLink(r.paymentId)], ['Customs', text('customsCode'), true], ['Merchant', mono('clientId'), true]],
  },
  notifications: {
    title: 'Notifications', path: '/_sim/notifications', key: 'notifications', limit: 200,
    filters: [CLIENT, { name: 'kind', values: ['PAYMENT', 'REFUND', 'AUTHORIZATION'] },
              { name: 'state', values: ['PENDING', 'IN_FLIGHT', 'DELIVERED', 'GIVEN_UP', 'DROPPED'] }, { name: 'subject' }],
    columns: [['Notification', (n) => el('span', {}, el('span', { class: 'mono' }, n.id), el('div', { class: 'muted' }, n.notifyType))],
              ['State', status('state')],
              ['Subject', (n) => (n.kind === 'PAYMENT' ? paymentLink(n.subjectId) : el('span', { class: 'mono' }, n.subjectId || ''))],
              ['Attempts', (n, ctx) => attemptsCell(n, ctx)],
              ['Created', text('createdAt'), true],
              ['', (n, ctx) => el('button', { type: 'button', class: 'secondary', 'data-redeliver': n.id,
                                              onclick: () => redeliver(n, ctx) }, 'Redeliver')]],
  },
  authorizations: {
    title: 'Authorizations and tokens', path: '/_sim/authorizations', key: 'authorizations',
    filters: [CLIENT, { name: 'state', values: ['PENDING', 'APPROVED', 'DECLINED', 'ABANDONED'] }, { name: 'customerBelongsTo' }],
    columns: [['Attempt', (a) => el('span', {}, el('span', { class: 'mono' }, a.attemptId), el('div', { class: 'muted' }, (a.scopes || []).join(', ')))],
              ['State', status('state')], ['Wallet', text('customerBelongsTo')],
              ['Tokens', (a) => el('span', {}, ...(a.tokens || []).map((t) => el('div', { class: 'mono', 'data-token': t.accessToken },
                `${t.accessToken} `, badge(t.state),
                el('div', { class: 'muted' }, `expires ${t.accessTokenExpiryTime || ''}${t.usable === false && t.state === 'ACTIVE' ? ' (expired)' : ''}`))))],
              ['Buyer', mono('buyerId'), true], ['Created', text('createdAt'), true]],
  },
  buyers: {
    title: 'Buyers', path: '/_sim/buyers', key: 'buyers', paged: true, filters: [CLIENT],
    columns: [['Buyer', mono('buyerId')], ['Wallet', text('wallet')],
              ['Balances', (b) => Object.entries(b.balances || {}).map(([c, v]) => `${v} ${c}`).join(', ')],
              ['Payments today', text('paymentsToday'), true], ['Merchant', mono('clientId'), true]],
  },
  wallets: {
    title: 'Wallet table', path: '/_sim/wallets', key: 'wallets',
    columns: [['Wallet', (w) => el('span', {}, el('b', {}, w.displayName || ''), el('div', { class: 'muted mono' }, w.customerBelongsTo))],
              ['Currencies', (w) => (w.currencies || []).join(', ')], ['Region', text('region'), true],
              ['Payment limits (minor units)', (w) => `${w.minPaymentMinor ?? ''} to ${w.maxPaymentMinor || 'no max'}`, true],
              ['Refunds', (w) => (w.refundSupported ? `${w.refundWindowDays} days${w.partialRefund ? ', partial' : ''}` : 'no')]],
  },
};

// A notification's attempts, listed when opened (GET /_sim/notifications/{id}); rows stay open
// across refreshes.
function attemptsCell(n, ctx) {
  const list = el('ol', { class: 'attempts' });
  const d = el('details', { open: ctx.open.has(n.id), 'data-attempts': n.id },
    el('summary', {}, `${n.attemptCount}${n.lastHttpStatus != null ? `, last HTTP ${n.lastHttpStatus}` : ''}${n.lastError ? `, ${n.lastError}` : ''}`),
    list);
  const load = async () => {
    try {
      const full = await api(`/_sim/notifications/${encodeURIComponent(n.id)}${qs({ clientId: n.clientId })}`);
      list.replaceChildren(...(full.attempts || []).map((a) => el('li', { class: a.acknowledged ? 'ok' : 'failed' },
        `#${a.number} ${a.sentAt || a.scheduledAt || ''} `, el('span', { class: 'mono' }, a.url || ''), ' ',
        badge(a.acknowledged ? 'DELIVERED' : 'FAIL'), ' ', a.httpStatus != null ? `HTTP ${a.httpStatus}` : (a.error || ''),
        a.responseBody ? el('pre', {}, a.responseBody) : null)));
      list.dataset.loaded = String((full.attempts || []).length);
    } catch (err) {
      if (err instanceof AuthError) fail(err);
      else list.replaceChildren(el('li', { class: 'error' }, err.message));
    }
  };
  d.addEventListener('toggle', () => {
    if (!d.open) return void ctx.open.delete(n.id);
    ctx.open.add(n.id);
    load();
  });
  return d;
}

// POST /_sim/notifications/{id}/redeliver: sent again now, to the same URL (409 while in flight).
async function redeliver(n, ctx) {
  try {
    const r = await api(`/_sim/notifications/${encodeURIComponent(n.id)}/redeliver${qs({ clientId: n.clientId })}`, { method: 'POST', body: {} });
    ctx.line.className = '';
    ctx.line.textContent = `Notification ${n.id} queued again (${r.notification?.state || 'PENDING'}).`;
    ctx.line.dataset.redelivered = n.id;
    await ctx.refresh();
  } catch (err) {
    if (err instanceof AuthError) return fail(err);
    ctx.line.className = 'error';
    ctx.line.textContent = err.message;
  }
}

function table(name, params) {
  const spec = TABLES[name];
  const form = el('form', { class: 'row filters', id: `${name}-filters` });
  const inputs = (spec.filters || []).map((f) => (f.values
    ? el('select', { name: f.name }, el('option', { value: '' }, `any ${f.name}`),
         ...f.values.map((v) => el('option', { value: v, selected: params.get(f.name) === v }, v)))
    : el('input', { name: f.name, placeholder: f.label || f.name, value: params.get(f.name) || '' })));
  form.append(...inputs);
  if (inputs.length) form.append(el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/${name}${qs(Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])))}`;
  });
  const body = el('tbody', { id: `${name}-table` });
  const total = el('span', { class: 'muted' });
  const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Next page');
  let cursor = '';
  more.addEventListener('click', () => {
    const p = new URLSearchParams(params);
    p.set('cursor', cursor);
    location.hash = `#/${name}?${p}`;
  });
  const line = el('p', { id: `${name}-action-result`, role: 'status' });
  main.replaceChildren(card(spec.title, inputs.length ? form : null, line),
    el('section', { class: 'card' }, el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, ...spec.columns.map(([h, , wide]) => el('th', { class: wide ? 'wide' : null }, h)))),
      body)), el('div', { class: 'row' }, total, more)));

  const ctx = { line, refresh: () => load(), open: new Set() };
  async function load() {
    const query = Object.fromEntries((spec.filters || []).map((f) => [f.name, params.get(f.name)]));
    if (spec.paged) Object.assign(query, { limit: 50, cursor: params.get('cursor') });
    if (spec.limit) query.limit = spec.limit;
    const page = await api(`${spec.path}${qs(query)}`);
    const rows = page[spec.key] || [];
    cursor = page.nextCursor || '';
    more.hidden = !cursor;
    total.textContent = `${page.total ?? rows.length} row(s)`;
    body.replaceChildren(...(rows.length
      ? rows.map((r) => el('tr', {}, ...spec.columns.map(([, cell, wide]) => el('td', { class: wide ? 'wide' : null }, cell(r, ctx)))))
      : [el('tr', {}, el('td', { colspan: spec.columns.length, class: 'muted' }, 'Nothing yet.'))]));
    body.dataset.loaded = params.toString();
  }
  return load;
}

// Antom's reconciliation files (GET /_sim/reports) of one merchant, newest first: View shows the
// CSV as text on the page, Download saves it (fetched with the token, so it works behind the gate).
async function reportText(clientId, path) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`/_sim/reports/file${qs({ clientId, path })}`, { headers, cache: 'no-store' });
  if (res.status === 401 || res.status === 403) throw new AuthError(res.status, `HTTP ${res.status}`);
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message || `HTTP ${res.status}`);
  return res.text();
}

function reports(params) {
  const client = el('select', { name: 'clientId', id: 'reports-client' });
  client.addEventListener('change', () => { location.hash = `#/reports${qs({ clientId: client.value })}`; });
  const body = el('tbody', { id: 'reports-table' });
  const line = el('p', { id: 'reports-result', role: 'status' });
  const preview = el('pre', { id: 'report-preview', class: 'mono preview', hidden: true });
  main.replaceChildren(
    card('Reconciliation reports',
      el('p', { class: 'muted' }, 'The files Antom would have put in the merchant\'s SFTP folder by the virtual clock\'s now ',
         '(transaction details, settlement details, settlement summary; the last 7 days). Move the clock past a cycle\'s end ',
         'to settle it.'),
      el('div', { class: 'row' }, client,
        el('button', { type: 'button', id: 'settle-now', class: 'secondary', onclick: () => settleNow() }, 'Settle now')), line),
    el('section', { class: 'card' }, el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Date'), el('th', {}, 'Kind'), el('th', {}, 'File'), el('th', { class: 'wide' }, 'Size'),
                                   el('th', { class: 'wide' }, 'Produced'), el('th', {}, ''))),
      body)), preview));

  const show = (clientId, f, name) => async () => {
    try {
      preview.textContent = await reportText(clientId, f.path);
      preview.hidden = false;
      preview.dataset.path = f.path;
      line.className = '';
      line.textContent = name;
    } catch (err) { if (err instanceof AuthError) fail(err); else { line.className = 'error'; line.textContent = err.message; } }
  };
  const save = (clientId, f, name) => async () => {
    try {
      const url = URL.createObjectURL(new Blob([await reportText(clientId, f.path)], { type: 'text/csv' }));
      const a = el('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) { if (err instanceof AuthError) fail(err); else { line.className = 'error'; line.textContent = err.message; } }
  };

  // POST /_sim/settlements/run: every business day still open up to now settles, without moving the clock.
  async function settleNow() {
    try {
      const r = await api('/_sim/settlements/run', { method: 'POST', body: { clientId: client.value } });
      line.className = '';
      line.textContent = `Settled ${r.batches.length} batch(es): ${r.batches.map((b) => `${b.settlementBatchId} ${b.settlementCurrency} ` +
        `(${b.count} transaction(s))`).join(', ') || 'nothing was open'}; ${r.files.length} file(s) produced.`;
      line.dataset.settled = String(r.batches.length);
      await refresh();
    } catch (err) {
      if (err instanceof AuthError) return fail(err);
      line.className = 'error';
      line.textContent = err.message;
    }
  }

  let merchantsLoaded = false;
  async function refresh() {
    if (!merchantsLoaded) {
      const ms = await api('/_sim/merchants');
      const wanted = params.get('clientId') || ms.merchants[0]?.clientId || '';
      client.replaceChildren(...ms.merchants.map((m) => el('option', { value: m.clientId, selected: m.clientId === wanted },
        m.name ? `${m.clientId} (${m.name})` : m.clientId)));
      merchantsLoaded = true;
    }
    if (!client.value) return;
    const clientId = client.value;
    const listed = await api(`/_sim/reports${qs({ clientId })}`);
    const files = [...(listed.files || [])].reverse();
    body.replaceChildren(...(files.length ? files.map((f) => {
      const parts = f.path.split('/');
      const name = parts[parts.length - 1];
      const date = parts[parts.length - 2] || '';
      return el('tr', { 'data-path': f.path },
        el('td', { class: 'mono' }, date), el('td', {}, name.split('_')[0]), el('td', { class: 'mono' }, name),
        el('td', { class: 'wide' }, `${f.size} bytes`), el('td', { class: 'wide' }, f.producedAt || ''),
        el('td', {}, el('div', { class: 'row' },
          el('button', { type: 'button', class: 'secondary', 'data-view': f.path, onclick: show(clientId, f, name) }, 'View'),
          el('button', { type: 'button', class: 'secondary', 'data-download': f.path, onclick: save(clientId, f, name) }, 'Download'))));
    }) : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No files yet: move the clock past a cycle\'s end, or Settle now.'))]));
    body.dataset.loaded = clientId;
  }
  return refresh;
}

// The catalog with Activate (for a merchant or as the global default, an optional arg and
// expiry), and what is active for whom and until when, each with Deactivate.
function scenarios() {
  const name = el('select', { id: 'activate-scenario', name: 'scenario', required: true });
  const client = el('select', { id: 'activate-client', name: 'clientId' }, el('option', { value: '' }, 'global default (every merchant)'));
  const arg = el('input', { id: 'activate-arg', name: 'arg', placeholder: 'arg, e.g. USER_BALANCE_NOT_ENOUGH' });
  const duration = el('input', { id: 'activate-for', name: 'for', placeholder: 'for, e.g. 10m (empty: until deactivated)' });
  const form = el('form', { class: 'row filters', id: 'activate-form' }, name, client, arg, duration,
                  el('button', { type: 'submit', id: 'activate-submit' }, 'Activate'));
  const line = el('p', { id: 'scenario-action-result', role: 'status' });
  const active = el('tbody', { id: 'active-table' });
  const catalog = el('tbody', { id: 'scenarios-table' });
  const say = (text, bad) => { line.className = bad ? 'error' : ''; line.textContent = text; };
  const act = async (path, body, done) => {
    try {
      const r = await api(path, { method: 'POST', body });
      say(done(r), false);
      await refresh();
    } catch (err) {
      if (err instanceof AuthError) return fail(err);
      say(err.message, true);
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {};
    if (client.value) body.clientId = client.value;
    if (arg.value.trim()) body.arg = arg.value.trim();
    if (duration.value.trim()) body.for = duration.value.trim();
    act(`/_sim/scenarios/${encodeURIComponent(name.value)}/activate`, body,
        (r) => `Activated ${r.activated?.scenario} for ${r.activated?.clientId || 'every merchant'}${r.activated?.until ? ` until ${r.activated.until}` : ''}.`);
  });
  main.replaceChildren(card('Activate a scenario', form, line),
    card('Active now', el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Scenario'), el('th', {}, 'For'), el('th', {}, 'Arg'), el('th', { class: 'wide' }, 'Since'),
                                   el('th', {}, 'Until'), el('th', {}, ''))), active))),
    card('Scenario catalog', el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Scenario'), el('th', { class: 'wide' }, 'Operations'), el('th', {}, 'Description'),
                                   el('th', {}, ''))), catalog))));
  let loaded = false;

  async function refresh() {
    const [list, now] = await Promise.all([api('/_sim/scenarios'), api('/_sim/scenarios/active')]);
    if (!loaded) {
      const ms = await api('/_sim/merchants');
      name.append(...list.scenarios.map((c) => el('option', { value: c.name }, c.name)));
      client.append(...ms.merchants.map((m) => el('option', { value: m.clientId }, m.name ? `${m.name} (${m.clientId})` : m.clientId)));
      catalog.replaceChildren(...list.scenarios.map((c) => el('tr', { 'data-scenario': c.name },
        el('td', { class: 'mono' }, c.name), el('td', { class: 'wide' }, (c.operations || []).join(', ')), el('td', {}, c.description || ''),
        el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: () => { name.value = c.name; form.requestSubmit(); } },
                        'Activate')))));
      catalog.dataset.loaded = '1';
      loaded = true;
    }
    active.replaceChildren(...(now.active.length ? now.active.map((a) => el('tr', { 'data-active': a.scenario, 'data-scope': a.clientId || 'global' },
      el('td', { class: 'mono' }, a.scenario), el('td', { class: 'mono' }, a.scope === 'global' ? 'every merchant' : a.clientId),
      el('td', {}, a.arg || ''), el('td', { class: 'wide' }, a.since || ''), el('td', {}, a.until || 'deactivated'),
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'data-deactivate': a.clientId || 'global',
                                  onclick: () => act('/_sim/scenarios/deactivate', a.scope === 'global' ? { global: true } : { clientId: a.clientId },
                                                     (r) => `Deactivated ${r.deactivated} activation(s).`) }, 'Deactivate'))))
      : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No scenario is active: every request gets the normal flow.'))]));
    active.dataset.loaded = String(now.active.length);
  }
  return refresh;
}

// ---- routing and polling ----
let refresh = null;
let generation = 0;

function fail(err) {
  if (err instanceof AuthError) {
    showGate(refusal(err));
    return;
  }
  statusLine.textContent = `error: ${err.message}`;
}

async function run(gen) {
  if (!refresh || gen !== generation) return;
  try {
    await refresh();
    if (gen === generation) statusLine.textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (err) {
    if (gen === generation) fail(err);
  }
}

function route() {
  generation++;
  gate.hidden = true;
  main.hidden = false;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  let nav = 'overview';
  if (parts[0] === 'payments' && parts[1]) { refresh = payment(decodeURIComponent(parts[1])); nav = 'payments'; }
  else if (parts[0] === 'payments') { refresh = payments(params); nav = 'payments'; }
  else if (parts[0] === 'scenarios') { refresh = scenarios(); nav = 'scenarios'; }
  else if (parts[0] === 'reports') { refresh = reports(params); nav = 'reports'; }
  else if (TABLES[parts[0]]) { refresh = table(parts[0], params); nav = parts[0]; }
  else refresh = overview();
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === nav);
  run(generation);
}

window.addEventListener('hashchange', route);
// Poll while the tab is visible; a hidden tab costs the simulator nothing.
setInterval(() => { if (document.visibilityState === 'visible' && gate.hidden) run(generation); }, POLL_MS);
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && gate.hidden) run(generation); });
updateForget();
route();
