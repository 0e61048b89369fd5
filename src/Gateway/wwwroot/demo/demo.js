// The customer demo: a small scripted bot in the page. Every customer and bot turn goes to the real API; when the
// API says a person is taking over, the bot steps aside, the person's replies are shown, and after a hand-back the
// bot resumes with the person's notes.
import { api, ApiError, el } from '/js/api.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 700;

const chat = {
  id: null,
  mode: 'bot',            // bot | waiting | human | closed
  owner: null,
  names: new Map(),       // agent id → display name
  shownTurns: new Set(),  // transcript sequences already on screen
  unknownInARow: 0,
  lastOrder: null,
  polling: null,
};

// ---------- the scripted bot ----------

const ORDER_NUMBER = /\b(\d{4,})\b/;

/** What the customer wants, in the few words this bot knows. */
function intentOf(text) {
  if (/\b(refund|money back|reimburse|charged twice)\b/i.test(text)) return 'billing.refund';
  if (/\b(order|package|parcel|deliver(y|ed)?|shipping|shipped|track(ing)?|arrive)\b/i.test(text)) return 'order.status';
  if (/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i.test(text)) return 'greeting';
  if (/\b(thanks|thank you|that'?s all|bye)\b/i.test(text)) return 'goodbye';
  return null;
}

const POSITIVE = /\b(thanks|thank you|great|perfect|good|helpful|brilliant)\b/gi;
const NEGATIVE = /\b(never|still|again|angry|annoyed|ridiculous|terrible|useless|waiting|wrong|late)\b/gi;

/** A rough mood score from -1 to 1 the bot reports with each customer turn, so the console can chart the trend. */
function sentimentOf(text) {
  const score = 0.5 * (text.match(POSITIVE)?.length ?? 0) - 0.25 * (text.match(NEGATIVE)?.length ?? 0);
  return Math.max(-0.75, Math.min(0.75, score));
}

/** The bot's answer, with the confidence it reports: it asks only for what it needs (an order number), nothing else. */
function answer(intent, text) {
  const order = text.match(ORDER_NUMBER)?.[1] ?? chat.lastOrder;
  if (order) chat.lastOrder = order;
  if (intent) chat.unknownInARow = 0;
  switch (intent) {
    case 'greeting':
      return { text: 'Hi! I can tell you where an order is, or look into a refund. What can I do for you?', confidence: 0.95 };
    case 'goodbye':
      return { text: 'Glad I could help. Have a good day!', confidence: 0.95 };
    case 'order.status':
      if (!order) return { text: 'Sure. What is the order number? It is in your confirmation email.', confidence: 0.85 };
      return {
        text: `Order ${order} left our warehouse on Monday and is due to arrive on Thursday.`,
        confidence: 0.9,
        actions: [{ name: 'lookup_order', status: 'succeeded', detail: `order ${order}: in transit` }],
      };
    case 'billing.refund':
      if (!order) return { text: 'I can look into that refund. What is the order number?', confidence: 0.8 };
      return {
        text: `I tried to look up the refund for order ${order}, but I could not reach our refunds system just now.`,
        confidence: 0.45,
        actions: [{ name: 'lookup_refund', status: 'failed', detail: 'refunds service timed out' }],
      };
    default:
      chat.unknownInARow += 1;
      return chat.unknownInARow === 1
        ? { text: "I'm not sure I follow. I can help with order status and refunds.", confidence: 0.4 }
        : { text: "Sorry, I still don't understand that one.", confidence: 0.25 };
  }
}

/** While a person owns the conversation the bot assists them instead: a suggestion the customer never sees. */
function suggestionFor(intent, text) {
  const order = text.match(ORDER_NUMBER)?.[1] ?? chat.lastOrder;
  switch (intent) {
    case 'order.status':
      return order ? { kind: 'lookup', text: `Order ${order} is in transit and due on Thursday (lookup_order).` } : null;
    case 'billing.refund':
      return { kind: 'lookup', text: `The refunds service timed out earlier${order ? ` for order ${order}` : ''}; check the refund by hand.` };
    case 'goodbye':
      return { kind: 'reply', text: 'Glad that is sorted. Is there anything else I can help you with today?' };
    default:
      return null;
  }
}

// ---------- talking to the API ----------

async function call(method, path, body) {
  const line = el('li', {}, `${method} ${path}`, body ? ` ${JSON.stringify(body)}` : '');
  $('calls').append(line);
  try {
    const result = await api(method, path, body);
    line.append(el('br'), `→ ${summarize(result)}`);
    return result;
  } catch (error) {
    line.append(el('br'), `→ ${error instanceof ApiError ? error.status : 'error'}: ${error.message}`);
    throw error;
  } finally {
    scrollToEnd($('calls').closest('.behind'));
  }
}

function summarize(result) {
  if (!result) return 'ok';
  const { status, epoch, owner, escalation, say, handback } = result;
  return JSON.stringify({ status, epoch, owner, escalation: escalation?.reason, say, handback: handback?.notes });
}

const turns = () => `/v1/conversations/${encodeURIComponent(chat.id)}/turns`;

async function customerSays(text) {
  show('customer', 'You', text);
  const intent = intentOf(text);
  const turn = { role: 'customer', text, channel: 'chat', sentiment: sentimentOf(text) };
  // Only topics go to the API ("about order.status" in the brief); greetings and thanks are not what the customer needs.
  const topic = intent?.includes('.') ? intent : null;
  if (topic) turn.intent = topic;
  const result = await call('POST', turns(), turn);
  if (await follow(result)) {
    const suggestion = result.status === 'human' ? suggestionFor(intent, text) : null;
    if (suggestion) await call('POST', `/v1/conversations/${encodeURIComponent(chat.id)}/suggestions`, suggestion).catch(() => {});
    return;
  }

  const reply = answer(intent, text);
  const botTurn = { role: 'ai', text: reply.text, confidence: reply.confidence };
  if (topic) botTurn.intent = topic;
  if (reply.actions) botTurn.actions = reply.actions;
  const botResult = await call('POST', turns(), botTurn);
  show('bot', 'ShopBot', reply.text);
  await follow(botResult);
}

/** Reads a turn's response: true when a person is now involved and the bot must stay quiet. */
async function follow(result) {
  if (result.handback) note(`The person's notes reached the bot: "${result.handback.notes}"`);
  if (result.status === 'bot') return false;
  if (result.say) show('bot', 'ShopBot', result.say);
  if (result.status === 'escalating' || result.status === 'queued') setMode('waiting');
  else if (result.status === 'human') await setMode('human', result.owner);
  startPolling();
  return true;
}

/** While a person is involved: their replies from the transcript, and who owns the conversation. */
function startPolling() {
  if (chat.polling) return;
  const conversationId = chat.id;
  const poll = async () => {
    if (conversationId !== chat.id) return;
    try {
      const [view, pkg] = await Promise.all([
        api('GET', `/v1/conversations/${encodeURIComponent(conversationId)}`),
        api('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/handoff`),
      ]);
      if (conversationId !== chat.id) return;
      if (view.status === 'human') await setMode('human', view.owner);
      for (const turn of pkg.transcript ?? []) {
        if (turn.role !== 'human' || chat.shownTurns.has(turn.sequence)) continue;
        chat.shownTurns.add(turn.sequence);
        show('human', nameOf(turn.agentId) ?? 'Agent', turn.text);
      }
      if (view.status === 'bot') return backToBot();
      else if (view.status === 'resolved' || view.status === 'abandoned') return closed(view.status);
    } catch {
      // A missed poll is retried; the next one catches up.
    }
    chat.polling = setTimeout(poll, POLL_MS);
  };
  chat.polling = setTimeout(poll, 0);
}

function stopPolling() {
  clearTimeout(chat.polling);
  chat.polling = null;
}

async function backToBot() {
  stopPolling();
  setMode('bot');
  const text = "Thanks for waiting. You're back with me, ShopBot. Is there anything else I can help with?";
  const result = await call('POST', turns(), { role: 'ai', text, confidence: 0.95 });
  show('bot', 'ShopBot', text);
  await follow(result);
}

function closed(status) {
  stopPolling();
  setMode('closed');
  show('system', '', status === 'resolved'
    ? `${nameOf(chat.owner) ?? 'The agent'} closed this conversation. Thank you!`
    : 'This conversation has ended.');
}

// ---------- the page ----------

/** Who the customer is talking to; a person who joins is announced once, by name. */
async function setMode(mode, owner) {
  const joined = mode === 'human' && owner && (chat.mode !== 'human' || chat.owner !== owner);
  const handedBack = mode === 'bot' && chat.mode !== 'bot' && chat.owner;
  if (joined) await learnName(owner);
  chat.mode = mode;
  if (owner) chat.owner = owner;
  const text = {
    bot: 'the assistant',
    waiting: 'connecting you to a person…',
    human: `${nameOf(chat.owner)} (a person)`,
    closed: 'nobody: the conversation is closed',
  }[mode];
  $('mode').textContent = text;
  if (joined) show('system', '', `${nameOf(owner)} joined the conversation.`);
  if (handedBack) show('system', '', `${nameOf(chat.owner)} handed you back to the assistant.`);
  $('message').disabled = mode === 'closed';
  $('send').disabled = mode === 'closed';
}

const nameOf = (agentId) => (agentId ? chat.names.get(agentId) ?? agentId : null);

async function learnName(agentId) {
  if (chat.names.has(agentId)) return;
  try {
    const agent = await api('GET', `/v1/agents/${encodeURIComponent(agentId)}`);
    chat.names.set(agentId, agent.name || agentId);
  } catch {
    chat.names.set(agentId, agentId);
  }
}

function show(kind, who, text) {
  const item = el('li', { class: `msg ${kind}` }, who ? el('span', { class: 'who' }, who) : null, text);
  $('log').append(item);
  scrollToEnd($('log'));
}

function scrollToEnd(container) {
  container.scrollTop = container.scrollHeight;
}

function note(text) {
  $('calls').append(el('li', {}, `ℹ ${text}`));
}

function restart() {
  stopPolling();
  chat.id = `demo-${crypto.randomUUID().slice(0, 8)}`;
  chat.owner = null;
  chat.shownTurns.clear();
  chat.unknownInARow = 0;
  chat.lastOrder = null;
  $('conversation-id').textContent = chat.id;
  $('log').replaceChildren();
  setMode('bot');
  show('bot', 'ShopBot', 'Hi! I can tell you where an order is, or look into a refund. What can I do for you?');
  $('message').focus();
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('message');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  $('send').disabled = true;
  try {
    await customerSays(text);
  } catch (error) {
    show('system', '', `Message not sent: ${error.message}`);
  } finally {
    $('send').disabled = chat.mode === 'closed';
    input.focus();
  }
});
$('restart').addEventListener('click', restart);
restart();
