using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Client;

/// <summary>
/// The Orleans.Handoff REST API as typed methods: the bot's side (turns, escalate, package, hand-back, resolve), the
/// agent's (presence, offers, ACK, decline, the live event stream) and the admin's (agents, ladders, queues, policy, keys).
/// A refusal throws <see cref="HandoffProblemException"/> (404: <see cref="HandoffNotFoundException"/>, 409:
/// <see cref="HandoffConflictException"/>). Made by <c>services.AddHandoffClient(...)</c> (with retries), or over any
/// <see cref="HttpClient"/> whose base address and <c>Authorization</c> are already set (then without retries).
/// </summary>
public sealed partial class HandoffClient
{
    /// <summary>camelCase, nulls left out (a <c>null</c> where the API admits none is a 400), enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    readonly HttpClient _http;
    readonly HttpClient _eventStream;
    readonly TimeSpan _reconnectDelay;

    public HandoffClient(HttpClient http)
        : this(http, http, TimeSpan.FromSeconds(1))
    {
    }

    /// <param name="http">Requests and answers; may carry a resilience handler.</param>
    /// <param name="eventStream">The long-lived event stream: no request timeout, no retry handler (it reconnects itself).</param>
    /// <param name="eventStreamReconnectDelay">The first wait before reconnecting a dropped event stream.</param>
    public HandoffClient(HttpClient http, HttpClient eventStream, TimeSpan eventStreamReconnectDelay)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(eventStream);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress (the gateway's root).", nameof(http));
        _http = http;
        _eventStream = eventStream;
        _reconnectDelay = eventStreamReconnectDelay;
    }

    // The bot's side.

    /// <summary>Reports one turn; creates the conversation on its first turn. The answer says whether it escalated and what to say.</summary>
    public Task<TurnResponse> PostTurnAsync(string conversationId, TurnRequest turn, CancellationToken cancellationToken = default) =>
        SendAsync<TurnResponse>(HttpMethod.Post, $"v1/conversations/{Segment(conversationId)}/turns", turn, cancellationToken);

    /// <summary>The bot asks for a person itself.</summary>
    public Task<EscalateResponse> EscalateAsync(string conversationId, EscalateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<EscalateResponse>(HttpMethod.Post, $"v1/conversations/{Segment(conversationId)}/escalate", request, cancellationToken);

    public Task<Conversation> GetConversationAsync(string conversationId, CancellationToken cancellationToken = default) =>
        SendAsync<Conversation>(HttpMethod.Get, $"v1/conversations/{Segment(conversationId)}", null, cancellationToken);

    /// <param name="agentId">Whom the opening line is written for; without it, the owner.</param>
    public Task<HandoffPackage> GetHandoffPackageAsync(string conversationId, string? agentId = null, CancellationToken cancellationToken = default) =>
        SendAsync<HandoffPackage>(HttpMethod.Get,
            $"v1/conversations/{Segment(conversationId)}/handoff{(agentId is null ? "" : $"?agentId={Uri.EscapeDataString(agentId)}")}", null, cancellationToken);

    /// <summary>The owning agent returns the conversation to the bot; the bot gets the notes in its next turn's answer.</summary>
    public Task<ConversationStatusResponse> HandBackAsync(string conversationId, string agentId, string? notes = null, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationStatusResponse>(HttpMethod.Post, $"v1/conversations/{Segment(conversationId)}/handback", new { agentId, notes }, cancellationToken);

    /// <param name="csat">1–5.</param>
    public Task<ConversationStatusResponse> ResolveAsync(string conversationId, string? agentId = null, int? csat = null, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationStatusResponse>(HttpMethod.Post, $"v1/conversations/{Segment(conversationId)}/resolve", new { agentId, csat }, cancellationToken);

    /// <summary>The customer left while waiting: the ladder stops and its offers are withdrawn.</summary>
    public Task<ConversationStatusResponse> AbandonAsync(string conversationId, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationStatusResponse>(HttpMethod.Post, $"v1/conversations/{Segment(conversationId)}/abandon", new { }, cancellationToken);

    // The agent's side.

    public Task<Agent> PutAgentAsync(string agentId, AgentProfile profile, CancellationToken cancellationToken = default) =>
        SendAsync<Agent>(HttpMethod.Put, $"v1/agents/{Segment(agentId)}", profile, cancellationToken);

    public Task<Agent> GetAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        SendAsync<Agent>(HttpMethod.Get, $"v1/agents/{Segment(agentId)}", null, cancellationToken);

    /// <param name="presence"><see cref="Presences.Available"/>, <see cref="Presences.Away"/> or <see cref="Presences.Offline"/>.</param>
    public Task<Agent> SetPresenceAsync(string agentId, string presence, CancellationToken cancellationToken = default) =>
        SendAsync<Agent>(HttpMethod.Put, $"v1/agents/{Segment(agentId)}/presence", new { status = presence }, cancellationToken);

    public async Task<IReadOnlyList<Offer>> GetOffersAsync(string agentId, CancellationToken cancellationToken = default) =>
        (await SendAsync<OffersResponse>(HttpMethod.Get, $"v1/agents/{Segment(agentId)}/offers", null, cancellationToken)).Offers;

    /// <summary>The first ACK wins; a late or second one throws <see cref="HandoffConflictException"/> naming the owner.</summary>
    public Task<AckResponse> AcknowledgeAsync(string escalationId, string agentId, int? epoch = null, CancellationToken cancellationToken = default) =>
        SendAsync<AckResponse>(HttpMethod.Post, $"v1/escalations/{Segment(escalationId)}/ack", new { agentId, epoch }, cancellationToken);

    /// <summary>The ladder offers the next target at once.</summary>
    public Task<DeclineResponse> DeclineAsync(string escalationId, string agentId, CancellationToken cancellationToken = default) =>
        SendAsync<DeclineResponse>(HttpMethod.Post, $"v1/escalations/{Segment(escalationId)}/decline", new { agentId }, cancellationToken);

    public Task<Escalation> GetEscalationAsync(string escalationId, CancellationToken cancellationToken = default) =>
        SendAsync<Escalation>(HttpMethod.Get, $"v1/escalations/{Segment(escalationId)}", null, cancellationToken);

    // The admin's side.

    public Task<Ladder> PutLadderAsync(string name, Ladder ladder, CancellationToken cancellationToken = default) =>
        SendAsync<Ladder>(HttpMethod.Put, $"v1/ladders/{Segment(name)}", ladder, cancellationToken);

    public Task<Ladder> GetLadderAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<Ladder>(HttpMethod.Get, $"v1/ladders/{Segment(name)}", null, cancellationToken);

    public Task<Queue> PutQueueAsync(string name, Queue queue, CancellationToken cancellationToken = default) =>
        SendAsync<Queue>(HttpMethod.Put, $"v1/queues/{Segment(name)}", queue, cancellationToken);

    public Task<Queue> GetQueueAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<Queue>(HttpMethod.Get, $"v1/queues/{Segment(name)}", null, cancellationToken);

    /// <summary>The trigger policy in force, as JSON (its members are described in docs/triggers.md).</summary>
    public async Task<JsonObject> GetPolicyAsync(CancellationToken cancellationToken = default) =>
        (await SendJsonAsync(HttpMethod.Get, "v1/policy", null, cancellationToken))!.AsObject();

    /// <summary>Replaces the policy: a preset plus every value sent over it; a <c>version</c> sent must be the one in force (else 409).</summary>
    public async Task<JsonObject> PutPolicyAsync(JsonObject policy, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync(HttpMethod.Put, "v1/policy", policy, cancellationToken))!.AsObject();

    public Task<CreatedKey> CreateKeyAsync(KeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedKey>(HttpMethod.Post, "v1/keys", request, cancellationToken);

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<KeysResponse>(HttpMethod.Get, "v1/keys", null, cancellationToken)).Keys;

    public async Task RevokeKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        await SendJsonAsync(HttpMethod.Delete, $"v1/keys/{Segment(keyId)}", null, cancellationToken);

    // Any other endpoint.

    /// <summary>
    /// Any endpoint this client has no method for (schedules, pages, supervisor, …): <paramref name="path"/> relative to
    /// the gateway's root, the answer as JSON (null when empty). A refusal throws like every other method.
    /// </summary>
    public async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new HandoffProblemException($"{method} {path} answered {(int)response.StatusCode} with no body.");
    }

    async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Relative(path));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Relative to the base address even when it has a path (<c>https://host/handoff/</c>), hence no leading slash.</summary>
    static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);

    static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }

    sealed record OffersResponse(IReadOnlyList<Offer> Offers);

    sealed record KeysResponse(IReadOnlyList<ApiKeyInfo> Keys);
}
