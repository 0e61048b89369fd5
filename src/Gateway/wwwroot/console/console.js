// The agent console: offers with a live countdown, accept/decline, then the conversation — brief first, then the
// detail of the hand-off package, then the transcript — with the opening line ready, AI suggestions, hand-back and resolve.
import { api, apiKey, ApiError, el, svg, clock, timeOfDay, humanize, announce } from '/js/api.js';

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = 'handoff.console.agentId';
const WITHDRAWN = {
  taken: 'another agent took it',
  expired: 'its time ran out',
  exhausted: 'the ladder ran out; it waits in the queue',
  abandoned: 'the customer left',
};

const state = {
  agentId: null,
  agentName: null,
  offers: new Map(),          // escalationId → offer
  conversations: new Map(),   // conversationId → conversation on this desk
  selected: null,
  events: null,
  wrapUps: [],                // finished conversations still being wrapped up, oldest first
  dispositions: [],           // the tenant's disposition codes: {code, label}
  skewMs: 0,                  // server clock minus ours, when they differ enough to matter
};

// ---------- sign in and presence ----------

async function signIn(agentId, name) {
  let agent;
  try {
    agent = await api('GET', `/v1/agents/${encodeURIComponent(agentId)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    agent = await api('PUT', `/v1/agents/${encodeURIComponent(agentId)}`, { name: name || agentId, skills: [], maxConcurrent: 2 });
  }
  sessionStorage.setItem(STORAGE_KEY, agentId);
  state.agentId = agent.id;
  state.agentName = agent.name;
  $('who-name').textContent = agent.name === agent.id ? agent.id : `${agent.name} (${agent.id})`;
  showPresence(agent.presence);
  $('sign-in').hidden = true;
  $('who').hidden = false;
  $('desk').hidden = false;
  document.title = `${agent.name} · Agent console`;
  // The first thing to do after signing in is to say whether you can take work.
  document.querySelector('#presence input:checked')?.focus();
  connect();
  await loadState();
}

function showPresence(presence) {
  const input = document.querySelector(`#presence input[value="${presence}"]`);
  if (input) input.checked = true;
}

// Presence changes go one at a time and only the latest choice is sent, so quick arrow-key presses cannot
// arrive out of order and leave the server on an earlier choice than the screen shows.
let presenceWanted = null;
let presenceSending = false;

async function setPresence(status) {
  presenceWanted = status;
  if (presenceSending) return;
  presenceSending = true;
  try {
    while (presenceWanted) {
      const next = presenceWanted;
      presenceWanted = null;
      try {
        const agent = await api('PUT', `/v1/agents/${encodeURIComponent(state.agentId)}/presence`, { status: next });
        if (!presenceWanted) {
          showPresence(agent.presence);
          announce($('polite'), `You are ${agent.presence}.`);
        }
      } catch (error) {
        notice(`Presence not changed: ${error.message}`);
        const agent = await api('GET', `/v1/agents/${encodeURIComponent(state.agentId)}`).catch(() => null);
        if (agent && !presenceWanted) showPresence(agent.presence);
      }
    }
  } finally {
    presenceSending = false;
  }
}

async function signOut() {
  state.events?.close();
  state.events = null;
  await api('PUT', `/v1/agents/${encodeURIComponent(state.agentId)}/presence`, { status: 'offline' }).catch(() => {});
  sessionStorage.removeItem(STORAGE_KEY);
  location.reload();
}

// ---------- live events ----------

function connect() {
  state.events?.close();
  // EventSource reconnects by itself and sends Last-Event-ID, so the gateway replays what was missed (or says resync).
  // EventSource cannot send headers: the event stream (and only it) takes the key as access_token.
  const source = new EventSource(`/v1/agents/${encodeURIComponent(state.agentId)}/events?access_token=${encodeURIComponent(apiKey())}`);
  state.events = source;
  source.addEventListener('open', () => setConnection(true));
  source.addEventListener('error', () => setConnection(false));
  const on = (type, handler) => source.addEventListener(type, (message) => {
    setConnection(true);
    const data = JSON.parse(message.data);
    noteServerTime(data.at);
    handler(data);
  });
  on('offer', (e) => e.offer && addOffer(e.offer, true));
  on('offer-withdrawn', (e) => removeOffer(e.escalationId, e.reason === 'declined'
    ? `Declined ${e.conversationId}.`
    : `Offer for ${e.conversationId} withdrawn: ${WITHDRAWN[e.reason] ?? e.reason ?? 'withdrawn'}.`));
  on('assigned', (e) => assigned(e.conversationId, e.escalationId, e.epoch));
  on('turn', (e) => customerTurn(e.conversationId, e.text, e.reason, e.at));
  on('suggestion', (e) => suggestion(e.conversationId, e.text, e.reason));
  on('handback', (e) => closeConversation(e.conversationId, 'Handed back to the bot.'));
  on('resolved', (e) => closeConversation(e.conversationId, 'Resolved.'));
  on('transferred', (e) => transferredAway(e.conversationId));
  on('transfer-lapsed', (e) => notice(`${e.conversationId}: ${e.text}`));
  // A supervisor's words for this agent alone: beside the bot's suggestions, never in the transcript.
  on('whisper', (e) => suggestion(e.conversationId, e.text, 'supervisor whisper'));
  on('wrapup', () => reloadWrapUps());
  on('wrapup-ended', () => reloadWrapUps());
  on('resync', () => loadState().catch((error) => notice(`Could not reload after a gap in events: ${error.message}`)));
  on('heartbeat', () => {});
}

function setConnection(live) {
  const node = $('connection');
  node.className = `connection ${live ? 'live' : 'down'}`;
  node.textContent = live ? 'live' : 'reconnecting…';
}

function noteServerTime(at) {
  const server = Date.parse(at);
  if (Number.isNaN(server)) return;
  const skew = server - Date.now();
  // Event delivery takes milliseconds; only a real clock difference is worth correcting the countdowns for.
  state.skewMs = Math.abs(skew) > 1500 ? skew : 0;
}

/** Offers and assignments from REST: at sign-in and whenever the stream says it cannot replay. */
async function loadState() {
  const id = encodeURIComponent(state.agentId);
  const [offers, agent, dispositions] = await Promise.all([
    api('GET', `/v1/agents/${id}/offers`), api('GET', `/v1/agents/${id}`), api('GET', '/v1/dispositions').catch(() => ({ codes: [] }))]);
  state.dispositions = dispositions.codes ?? [];
  renderWrapUps(agent.wrapUps ?? []);
  const live = new Set(offers.offers.map((o) => o.escalationId));
  for (const escalationId of [...state.offers.keys()]) if (!live.has(escalationId)) removeOffer(escalationId, null);
  for (const offer of offers.offers) addOffer(offer, false);
  // A choice still on its way to the server wins over what the server said before it arrived.
  if (!presenceSending && !presenceWanted) showPresence(agent.presence);
  const owned = new Set(agent.assignments.map((a) => a.conversationId));
  for (const conversation of state.conversations.values()) {
    if (!owned.has(conversation.id) && !conversation.closed) closeConversation(conversation.id, 'No longer yours.');
  }
  for (const assignment of agent.assignments) assigned(assignment.conversationId, assignment.escalationId, assignment.epoch);
}

// ---------- offers ----------

function addOffer(offer, isNew) {
  if (state.offers.has(offer.escalationId)) return;
  state.offers.set(offer.escalationId, offer);
  const titleId = `offer-${offer.escalationId}-title`;
  const card = el('li', { class: 'offer-card', dataset: { escalation: offer.escalationId, shownAt: new Date().toISOString() }, 'aria-labelledby': titleId },
    el('h3', { id: titleId },
      el('span', { class: 'chip' }, humanize(offer.reason)),
      el('span', { class: `chip ${offer.priority}` }, humanize(offer.priority)),
      el('span', { class: 'conversation' }, `Conversation ${offer.conversationId}`)),
    el('div', { class: 'countdown', role: 'timer', 'aria-label': `Deadline at ${timeOfDay(offer.deadline)}` },
      el('div', { class: 'meter', 'aria-hidden': 'true' }, el('span')),
      el('span', { class: 'left', 'aria-hidden': 'true' })),
    briefView(offer.brief),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'accept', onclick: () => accept(offer.escalationId) }, 'Accept'),
      el('button', { type: 'button', class: 'secondary decline', onclick: () => decline(offer.escalationId) }, 'Decline')),
    el('p', { class: 'error', role: 'alert' }));
  $('offers').append(card);
  tick();
  renderOfferCount();
  if (isNew) announce($('announcer'), `New offer: ${humanize(offer.reason)}, ${offer.priority} priority. ${briefText(offer.brief)}`);
}

function removeOffer(escalationId, why) {
  if (!state.offers.delete(escalationId)) return;
  document.querySelector(`.offer-card[data-escalation="${CSS.escape(escalationId)}"]`)?.remove();
  renderOfferCount();
  if (why) notice(why);
}

function renderOfferCount() {
  $('offer-count').textContent = String(state.offers.size);
  $('no-offers').hidden = state.offers.size > 0;
}

function notice(text) {
  $('offers-notice').textContent = text;
}

function tick() {
  const now = Date.now() + state.skewMs;
  for (const card of document.querySelectorAll('.offer-card')) {
    const offer = state.offers.get(card.dataset.escalation);
    if (!offer) continue;
    const deadline = Date.parse(offer.deadline);
    const total = Math.max(1, deadline - Date.parse(offer.offeredAt));
    const left = deadline - now;
    const countdown = card.querySelector('.countdown');
    countdown.classList.toggle('late', left <= 0);
    countdown.querySelector('.meter > span').style.width = `${Math.max(0, Math.min(100, (left / total) * 100))}%`;
    // A leg that timed out leaves its offers open until someone acknowledges: late is still in time.
    countdown.querySelector('.left').textContent = left > 0 ? `${clock(Math.ceil(left / 1000))} left` : `${clock(-left / 1000)} over — still open`;
  }
}

async function accept(escalationId) {
  const offer = state.offers.get(escalationId);
  if (!offer) return;
  const card = document.querySelector(`.offer-card[data-escalation="${CSS.escape(escalationId)}"]`);
  card?.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    const ack = await api('POST', `/v1/escalations/${encodeURIComponent(escalationId)}/ack`, { agentId: state.agentId, epoch: offer.epoch });
    removeOffer(escalationId, null);
    const conversation = ensureConversation(offer.conversationId, escalationId, ack.epoch);
    conversation.brief = offer.brief;
    conversation.reason = offer.reason;
    conversation.priority = offer.priority;
    select(conversation.id, true);
    loadPackage(conversation.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const why = error.problem.reason === 'taken' ? `${error.problem.owner} took it first` : error.message;
      removeOffer(escalationId, `Could not accept ${offer.conversationId}: ${why}.`);
    } else {
      card?.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      if (card) card.querySelector('.error').textContent = error.message;
    }
  }
}

async function decline(escalationId) {
  const offer = state.offers.get(escalationId);
  try {
    await api('POST', `/v1/escalations/${encodeURIComponent(escalationId)}/decline`, { agentId: state.agentId });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) {
      notice(`Decline failed: ${error.message}`);
      return;
    }
  }
  removeOffer(escalationId, null);
  if (offer) notice(`Declined ${offer.conversationId}.`);
  // The card and its buttons are gone: keep the keyboard user in the offers, not at the top of the page.
  ($('offers').querySelector('button.accept') ?? $('offers-heading')).focus();
}

// ---------- conversations ----------

function ensureConversation(id, escalationId, epoch) {
  let conversation = state.conversations.get(id);
  if (!conversation || conversation.closed) {
    conversation = { id, escalationId, epoch, brief: '', reason: null, priority: null, turns: [], pkg: null, suggestions: [], closed: null, showAll: false, draft: '', opening: null };
    state.conversations.set(id, conversation);
  }
  if (epoch !== undefined && epoch !== null) conversation.epoch = epoch;
  if (escalationId) conversation.escalationId = escalationId;
  return conversation;
}

function assigned(conversationId, escalationId, epoch) {
  const known = state.conversations.get(conversationId);
  const conversation = ensureConversation(conversationId, escalationId, epoch);
  removeOffer(escalationId, null);
  if (!known || known !== conversation) loadPackage(conversationId);
  if (!state.selected || state.conversations.get(state.selected)?.closed) select(conversationId, false);
  else renderAssignments();
}

async function loadPackage(conversationId) {
  try {
    const pkg = await api('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/handoff?agentId=${encodeURIComponent(state.agentId)}`);
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return;
    conversation.pkg = pkg;
    conversation.turns = Array.isArray(pkg.transcript) ? [...pkg.transcript] : [];
    conversation.brief = pkg.brief || conversation.brief;
    conversation.reason = pkg.reason ?? conversation.reason;
    conversation.priority = pkg.priority ?? conversation.priority;
    conversation.opening ??= openingLine(pkg);
    if (state.selected === conversationId) renderWorkspace();
  } catch (error) {
    if (state.selected === conversationId) $('detail-body').replaceChildren(el('p', { class: 'error' }, `Could not load the hand-off package: ${error.message}`));
  }
}

function customerTurn(conversationId, text, role, at) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || conversation.closed) return;
  conversation.turns.push({ role: role || 'customer', text, at });
  if (state.selected === conversationId) renderTranscript(conversation);
  else renderAssignments();
  // The package's detail (sentiment, actions) follows the conversation.
  loadPackage(conversationId);
  announce($('polite'), `Customer in ${conversationId}: ${text}`);
}

function suggestion(conversationId, text, kind) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || conversation.closed) return;
  conversation.suggestions.unshift({ text, kind: kind || 'reply' });
  if (state.selected === conversationId) renderSuggestions(conversation);
}

function closeConversation(conversationId, why) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || conversation.closed) return;
  conversation.closed = why;
  renderAssignments();
  if (state.selected === conversationId) renderWorkspace();
  announce($('polite'), `${conversationId}: ${why}`);
}

/** The conversation went to a colleague: its card leaves this console. */
function transferredAway(conversationId) {
  if (!state.conversations.delete(conversationId)) return;
  if (state.selected === conversationId) state.selected = null;
  renderAssignments();
  renderWorkspace();
  announce($('polite'), `${conversationId}: transferred to a colleague.`);
}

function select(conversationId, focus) {
  const previous = state.conversations.get(state.selected);
  if (previous) previous.draft = $('reply').value;
  state.selected = conversationId;
  renderAssignments();
  renderWorkspace();
  if (focus) $('workspace-heading').focus();
}

function current() {
  return state.conversations.get(state.selected);
}

// ---------- rendering ----------

function renderAssignments() {
  const list = $('assignments');
  const items = [...state.conversations.values()];
  list.replaceChildren(...items.map((c) => el('li', {},
    el('button', { type: 'button', 'aria-current': c.id === state.selected ? 'true' : 'false', onclick: () => select(c.id, true) },
      c.id, c.closed ? ` — ${c.closed}` : ''))));
  $('no-assignments').hidden = items.length > 0;
}

function renderWorkspace() {
  const conversation = current();
  $('workspace-empty').hidden = !!conversation;
  $('workspace-body').hidden = !conversation;
  $('assist-empty').hidden = !!conversation;
  $('handback-section').hidden = !conversation;
  $('resolve-section').hidden = !conversation;
  if (!conversation) return;

  $('workspace-heading').textContent = `Conversation ${conversation.id}`;
  $('workspace-chips').replaceChildren(
    conversation.reason ? el('span', { class: 'chip' }, humanize(conversation.reason)) : null,
    conversation.priority ? el('span', { class: `chip ${conversation.priority}` }, humanize(conversation.priority)) : null,
    el('span', { class: 'chip' }, `epoch ${conversation.epoch ?? '?'}`));
  $('brief').replaceChildren(conversation.brief ? briefView(conversation.brief) : 'Loading the brief…');
  renderDetail(conversation);
  renderTranscript(conversation);
  renderSuggestions(conversation);

  const closed = !!conversation.closed;
  $('closed-banner').hidden = !closed;
  $('closed-banner').textContent = closed ? conversation.closed : '';
  for (const id of ['reply', 'send', 'handback', 'handback-notes', 'resolve']) $(id).disabled = closed;
  for (const input of document.querySelectorAll('#resolve-form input')) input.disabled = closed;

  const reply = $('reply');
  const hasHumanTurn = conversation.turns.some((t) => t.role === 'human');
  if (!closed && conversation.opening && !conversation.openingUsed && !hasHumanTurn && !conversation.draft) {
    conversation.draft = conversation.opening.text;
    conversation.openingUsed = true;
  }
  reply.value = conversation.draft;
  const note = $('opening-note');
  const showNote = !!conversation.opening && !hasHumanTurn && !closed;
  note.hidden = !showNote;
  note.textContent = showNote
    ? (conversation.opening.fromPackage ? 'Opening line from the hand-off package, ready to send — edit it or press Send.'
      : 'Opening line, quoting the customer\'s issue, ready to send — edit it or press Send.')
    : '';
}

/** Whatever the package holds, by the names it may use; fields that are absent are simply not shown. */
function packageDetail(pkg) {
  const nested = pkg.detail && typeof pkg.detail === 'object' ? pkg.detail : {};
  const pick = (...names) => {
    for (const name of names) {
      if (nested[name] !== undefined && nested[name] !== null) return nested[name];
      if (pkg[name] !== undefined && pkg[name] !== null) return pkg[name];
    }
    return undefined;
  };
  const turns = Array.isArray(pkg.transcript) ? pkg.transcript : [];
  let actions = pick('actionsAttempted', 'actions');
  if (!Array.isArray(actions)) actions = turns.flatMap((t) => Array.isArray(t.actions) ? t.actions : []);
  let sentiment = pick('sentimentTrend', 'sentiment');
  if (!Array.isArray(sentiment)) sentiment = turns.filter((t) => typeof t.sentiment === 'number').map((t) => t.sentiment);
  sentiment = sentiment.map((p) => (typeof p === 'number' ? p : p?.sentiment ?? p?.value ?? p?.score)).filter((v) => typeof v === 'number');
  return {
    // The package's summary is {text, source, …}; older or simpler packages send plain text.
    summary: typeof pick('summary') === 'object' ? pick('summary')?.text : pick('summary'),
    reason: pkg.reason,
    reasonDetail: pkg.reasonDetail ?? (typeof pkg.detail === 'string' ? pkg.detail : undefined),
    actions: actions.filter((a) => a && typeof a === 'object'),
    authentication: pick('authentication', 'authenticationState'),
    customer: pick('customerProfile', 'customer'),
    nextSteps: pick('nextSteps', 'suggestedNextSteps'),
    sentiment,
    whisper: pick('whisper'),
  };
}

function renderDetail(conversation) {
  const body = $('detail-body');
  if (!conversation.pkg) {
    body.replaceChildren(el('p', { class: 'hint' }, 'Loading the hand-off package…'));
    return;
  }
  const d = packageDetail(conversation.pkg);
  const rows = [];
  const row = (term, ...value) => rows.push(el('dt', {}, term), el('dd', {}, ...value));
  if (typeof d.summary === 'string' && d.summary) row('Summary', d.summary);
  if (d.reason) row('Why now', humanize(d.reason), d.reasonDetail ? ` — ${d.reasonDetail}` : '');
  if (d.actions.length > 0) {
    row('Actions attempted', el('ul', {}, d.actions.map((a) => el('li', {},
      el('span', { class: a.status === 'failed' ? 'action-failed' : 'action-succeeded' }, a.status === 'failed' ? '✗ failed' : '✓ succeeded'),
      ` ${a.name ?? 'action'}`, a.detail || a.result ? ` — ${a.detail ?? a.result}` : ''))));
  }
  if (d.authentication && typeof d.authentication === 'object') {
    row('Identity', d.authentication.verified ? `Verified${d.authentication.method ? ` by ${d.authentication.method}` : ''}` : 'Not verified');
  }
  if (d.customer && typeof d.customer === 'object' && Object.keys(d.customer).length > 0) {
    row('Customer', Object.entries(d.customer).map(([k, v]) => `${humanize(k)}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · '));
  }
  if (d.sentiment.length > 1) {
    const first = d.sentiment[0];
    const last = d.sentiment[d.sentiment.length - 1];
    row('Sentiment trend', sparkline(d.sentiment), el('span', { class: 'hint', 'aria-hidden': 'true' }, ` ${first.toFixed(2)} → ${last.toFixed(2)}`));
  }
  if (Array.isArray(d.nextSteps) && d.nextSteps.length > 0) {
    row('Next steps', el('ul', {}, d.nextSteps.map((s) => el('li', {}, typeof s === 'string' ? s : s?.text ?? JSON.stringify(s)))));
  }
  if (typeof d.whisper === 'string' && d.whisper) row('Whisper', d.whisper);
  body.replaceChildren(rows.length > 0 ? el('dl', {}, rows) : el('p', { class: 'hint' }, 'The package has no further detail.'));
  const names = [];
  if (d.summary) names.push('summary');
  if (d.actions.length) names.push(`${d.actions.length} action${d.actions.length === 1 ? '' : 's'}`);
  if (d.authentication) names.push('identity');
  if (d.sentiment.length > 1) names.push('sentiment');
  if (Array.isArray(d.nextSteps) && d.nextSteps.length) names.push('next steps');
  $('detail-summary').textContent = names.length ? `Detail: ${names.join(', ')}` : 'Detail';
}

/** Sentiment from -1 to 1 as a small line chart; the numbers are in its accessible name too. */
function sparkline(values) {
  const width = 180;
  const height = 40;
  const x = (i) => 4 + (i * (width - 8)) / Math.max(1, values.length - 1);
  const y = (v) => 4 + ((1 - Math.max(-1, Math.min(1, v))) / 2) * (height - 8);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1];
  const label = `Sentiment over ${values.length} turns, from ${values[0].toFixed(2)} to ${last.toFixed(2)}`;
  return svg('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    svg('line', { x1: 0, x2: width, y1: y(0), y2: y(0), stroke: '#9aa3ad', 'stroke-dasharray': '3 3' }),
    svg('polyline', { points, fill: 'none', stroke: last < 0 ? '#b3261e' : '#146c2e', 'stroke-width': 2 }),
    ...values.map((v, i) => svg('circle', { cx: x(i), cy: y(v), r: 2.5, fill: v < 0 ? '#b3261e' : '#146c2e' })));
}

const ROLE_NAMES = { customer: 'Customer', ai: 'Assistant (AI)', human: 'Agent', system: 'System' };
const RECENT_TURNS = 6;

function renderTranscript(conversation) {
  const list = $('transcript');
  const turns = conversation.turns;
  const hidden = conversation.showAll ? 0 : Math.max(0, turns.length - RECENT_TURNS);
  const items = [];
  if (hidden > 0) {
    items.push(el('li', { class: 'show-earlier' }, el('button', {
      type: 'button', class: 'secondary', onclick: () => { conversation.showAll = true; renderTranscript(conversation); },
    }, `Show ${hidden} earlier message${hidden === 1 ? '' : 's'}`)));
  }
  for (const turn of turns.slice(hidden)) {
    const role = turn.role in ROLE_NAMES ? turn.role : 'system';
    const who = role === 'human' ? (turn.agentId === state.agentId ? 'You' : turn.agentId ?? 'Agent') : ROLE_NAMES[role];
    items.push(el('li', { class: `turn ${role}` },
      el('span', { class: 'who' }, who,
        typeof turn.confidence === 'number' ? el('span', { class: 'badge' }, `confidence ${turn.confidence.toFixed(2)}`) : null,
        turn.at ? el('span', { class: 'badge' }, timeOfDay(turn.at)) : null),
      turn.text));
  }
  list.replaceChildren(...items);
  const pane = list.closest('.transcript-pane');
  pane.scrollTop = pane.scrollHeight;
}

function renderSuggestions(conversation) {
  const list = $('suggestions');
  list.replaceChildren(...conversation.suggestions.map((s) => el('li', {},
    el('span', { class: 'kind' }, s.kind), el('p', {}, s.text),
    s.kind === 'reply' ? el('button', { type: 'button', class: 'secondary', onclick: () => useSuggestion(s.text) }, 'Use in reply') : null)));
  $('no-suggestions').hidden = conversation.suggestions.length > 0;
}

function useSuggestion(text) {
  const reply = $('reply');
  reply.value = text;
  reply.focus();
}

/**
 * The first sentence the human sends: the package's openingLine when it has one, else one that quotes the customer's
 * own words about their issue, so they never hear "what is your issue?".
 */
// The brief a person reads in five seconds: who, what, why now, mood, urgency, wait.
function briefText(brief) {
  return typeof brief === 'string' ? brief : (brief?.text ?? '');
}

function briefView(brief) {
  if (!brief || typeof brief === 'string') return el('p', { class: 'brief' }, brief ?? '');
  const mood = brief.mood ? [brief.mood.level, brief.mood.direction].filter((m) => m && m !== 'unknown').map(humanize).join(', ') : '';
  const wait = Number.isFinite(brief.waitSeconds) ? (brief.waitSeconds < 60 ? `${brief.waitSeconds} s` : `${Math.round(brief.waitSeconds / 60)} min`) : '';
  const rows = [['Who', brief.customer], ['Issue', brief.issue], ['Why now', brief.whyNow], ['Mood', mood], ['Urgency', humanize(brief.priority ?? '')], ['Waiting', wait]]
    .filter(([, value]) => value);
  return el('dl', { class: 'brief' }, ...rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function openingLine(pkg) {
  if (typeof pkg.openingLine === 'string' && pkg.openingLine.trim()) return { text: pkg.openingLine.trim(), fromPackage: true };
  const customerTurns = (pkg.transcript ?? []).filter((t) => t.role === 'customer' && t.text);
  const asksForPerson = /\b(human|person|agent|someone|representative|real people)\b/i;
  const issue = customerTurns.find((t) => t.intent && !asksForPerson.test(t.text))
    ?? customerTurns.find((t) => !asksForPerson.test(t.text))
    ?? customerTurns[0];
  const customer = pkg.detail?.customerProfile ?? pkg.customer ?? {};
  const hello = customer.name ? `Hi ${customer.name}` : 'Hi';
  const me = state.agentName && state.agentName !== state.agentId ? `I'm ${state.agentName}, and ` : '';
  const text = issue
    ? `${hello}, ${me}I've read your conversation so far. You said: "${issue.text}" — I'm taking it from here.`
    : `${hello}, ${me}I've read your conversation so far and I'm taking it from here.`;
  return { text, fromPackage: false };
}

// ---------- actions on the owned conversation ----------

async function sendReply(event) {
  event.preventDefault();
  const conversation = current();
  const text = $('reply').value.trim();
  if (!conversation || conversation.closed || !text) return;
  $('reply-error').textContent = '';
  $('send').disabled = true;
  try {
    await postHumanTurn(conversation, text);
    conversation.turns.push({ role: 'human', text, agentId: state.agentId, at: new Date().toISOString() });
    conversation.draft = '';
    $('reply').value = '';
    $('opening-note').hidden = true;
    renderTranscript(conversation);
  } catch (error) {
    $('reply-error').textContent = error.message;
  } finally {
    $('send').disabled = !!conversation.closed;
    $('reply').focus();
  }
}

async function postHumanTurn(conversation, text) {
  const path = `/v1/conversations/${encodeURIComponent(conversation.id)}/turns`;
  try {
    await api('POST', path, { role: 'human', text, agentId: state.agentId, epoch: conversation.epoch });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    // A stale epoch: read the current one; if the conversation is still ours, send again, else it has moved on.
    const view = await api('GET', `/v1/conversations/${encodeURIComponent(conversation.id)}`);
    if (view.owner !== state.agentId) {
      closeConversation(conversation.id, view.owner ? `Now owned by ${view.owner}.` : `The conversation is ${view.status}.`);
      throw error;
    }
    conversation.epoch = view.epoch;
    await api('POST', path, { role: 'human', text, agentId: state.agentId, epoch: conversation.epoch });
  }
}

async function handBack(event) {
  event.preventDefault();
  const conversation = current();
  if (!conversation || conversation.closed) return;
  $('handback-error').textContent = '';
  try {
    await api('POST', `/v1/conversations/${encodeURIComponent(conversation.id)}/handback`, { agentId: state.agentId, notes: $('handback-notes').value.trim() });
    $('handback-notes').value = '';
    closeConversation(conversation.id, 'Handed back to the bot.');
  } catch (error) {
    $('handback-error').textContent = error.message;
  }
}

async function resolve(event) {
  event.preventDefault();
  const conversation = current();
  if (!conversation || conversation.closed) return;
  $('resolve-error').textContent = '';
  const chosen = document.querySelector('#resolve-form input[name="csat"]:checked');
  const body = { agentId: state.agentId };
  if (chosen) body.csat = Number(chosen.value);
  try {
    await api('POST', `/v1/conversations/${encodeURIComponent(conversation.id)}/resolve`, body);
    if (chosen) chosen.checked = false;
    closeConversation(conversation.id, chosen ? `Resolved, CSAT ${body.csat}.` : 'Resolved.');
  } catch (error) {
    $('resolve-error').textContent = error.message;
  }
}

// ---------- wrap-up ----------

async function reloadWrapUps() {
  try {
    const agent = await api('GET', `/v1/agents/${encodeURIComponent(state.agentId)}`);
    renderWrapUps(agent.wrapUps ?? []);
  } catch (error) {
    notice(`Could not read your wrap-ups: ${error.message}`);
  }
}

function renderWrapUps(wrapUps) {
  const before = new Set(state.wrapUps.map((w) => w.conversationId));
  state.wrapUps = wrapUps;
  $('wrapup-section').hidden = wrapUps.length === 0;
  $('wrapups').replaceChildren(...wrapUps.map((w) => {
    const selectId = `disposition-${w.conversationId}`;
    const choose = state.dispositions.length === 0 ? null : el('div', {},
      el('label', { for: selectId }, 'Disposition'),
      el('select', { id: selectId, class: 'disposition', required: true },
        el('option', { value: '' }, 'Choose…'),
        ...state.dispositions.map((d) => el('option', { value: d.code }, d.label))));
    return el('li', { class: 'wrapup', dataset: { conversation: w.conversationId } },
      el('p', {}, el('strong', {}, `Conversation ${w.conversationId}`), ` ${w.outcome === 'resolved' ? 'resolved' : 'handed back'}; `,
        el('span', { class: 'wrapup-left', dataset: { until: w.until } }, '')),
      choose,
      el('button', { type: 'button', class: 'secondary complete-wrapup', onclick: () => completeWrapUp(w.conversationId) }, 'Complete wrap-up'),
      el('p', { class: 'error', role: 'alert' }));
  }));
  tickWrapUps();
  const added = wrapUps.filter((w) => !before.has(w.conversationId));
  if (added.length > 0) announce($('polite'), `Wrap-up of ${added.map((w) => w.conversationId).join(', ')}: choose a disposition and complete it.`);
}

async function completeWrapUp(conversationId) {
  const item = document.querySelector(`.wrapup[data-conversation="${CSS.escape(conversationId)}"]`);
  const select = item?.querySelector('select');
  const error = item?.querySelector('.error');
  if (error) error.textContent = '';
  if (select && !select.value) {
    if (error) error.textContent = 'Choose a disposition first.';
    select.focus();
    return;
  }
  const body = { conversationId };
  if (select) body.disposition = select.value;
  try {
    const result = await api('POST', `/v1/agents/${encodeURIComponent(state.agentId)}/wrapup/complete`, body);
    renderWrapUps(result.agent.wrapUps ?? []);
    notice(`Wrap-up of ${conversationId} completed${body.disposition ? `: ${body.disposition}` : ''}.`);
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 409) await reloadWrapUps();
    else if (error) error.textContent = failure.message;
  }
}

function tickWrapUps() {
  const now = Date.now() + state.skewMs;
  for (const node of document.querySelectorAll('.wrapup-left')) {
    const left = (Date.parse(node.dataset.until) - now) / 1000;
    node.textContent = left > 0 ? `${clock(Math.ceil(left))} left` : 'ending now';
  }
}

// ---------- wiring ----------

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = $('agent-id').value.trim();
  $('sign-in-error').textContent = '';
  if (!id) {
    $('sign-in-error').textContent = 'Enter your agent id.';
    $('agent-id').focus();
    return;
  }
  try {
    await signIn(id, $('agent-name').value.trim());
  } catch (error) {
    $('sign-in-error').textContent = `Could not sign in: ${error.message}`;
  }
});
$('presence').addEventListener('change', (event) => setPresence(event.target.value));
$('sign-out').addEventListener('click', signOut);
$('reply-form').addEventListener('submit', sendReply);
$('reply').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('reply-form').requestSubmit();
});
$('handback-form').addEventListener('submit', handBack);
// Opening the detail takes room from the transcript; keep its newest message in view.
$('detail').addEventListener('toggle', () => { const pane = $('transcript').closest('.transcript-pane'); pane.scrollTop = pane.scrollHeight; });
$('resolve-form').addEventListener('submit', resolve);
setInterval(tick, 250);
setInterval(tickWrapUps, 1000);
renderWorkspace();

const remembered = sessionStorage.getItem(STORAGE_KEY);
if (remembered) {
  signIn(remembered).catch((error) => {
    sessionStorage.removeItem(STORAGE_KEY);
    $('sign-in-error').textContent = `Could not sign in again: ${error.message}`;
  });
} else {
  $('agent-id').focus();
}
