using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// Every trigger the default policy arms fires through <c>POST /v1/conversations/{id}/turns</c> with its reason code
/// and priority. (<c>max_turns</c> and <c>max_duration</c> need their limits lowered per tenant; the grain-level
/// trigger tests cover them, as the gateway path is the same.)
/// </summary>
public sealed class EveryTriggerTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static object Customer(string text) => new { role = "customer", text };

    static object Ai(double confidence = 0.9, object[]? actions = null, string[]? signals = null) =>
        new { role = "ai", text = "Let me check that for you.", confidence, actions = actions ?? [], signals = signals ?? [] };

    public static TheoryData<string, string> Reasons => new()
    {
        { "explicit_request", "high" },
        { "low_confidence", "normal" },
        { "negative_sentiment", "high" },
        { "customer_repeating", "normal" },
        { "emergency", "emergency" },
        { "self_harm", "emergency" },
        { "compliance", "high" },
        { "sensitive_topic", "high" },
        { "tool_failure", "normal" },
        { "permission_required", "normal" },
        { "conflicting_information", "normal" },
        { "unhelpful_responses", "normal" },
    };

    static object[] Script(string reason) => reason switch
    {
        "explicit_request" => [Customer("Can I talk to a real person please?")],
        "low_confidence" => [Customer("Is water damage covered?"), Ai(0.45), Ai(0.3)],
        "negative_sentiment" => [Customer("This is absolutely ridiculous, I've waited three weeks!!!")],
        "customer_repeating" => [Customer("Where is my order 55102?"), Ai(), Customer("I just want to know where order 55102 is"), Ai(), Customer("where is order 55102???")],
        "emergency" => [Customer("I can smell gas in the hallway")],
        "self_harm" => [Customer("I don't want to be here anymore")],
        "compliance" => [Customer("There's a charge on my card I didn't make")],
        "sensitive_topic" => [Customer("My husband passed away and the account is in his name")],
        "tool_failure" => [Customer("Move my appointment"), Ai(actions: [new { name = "reschedule", status = "failed", detail = "timeout" }]), Ai(actions: [new { name = "reschedule", status = "failed" }])],
        "permission_required" => [Customer("Refund the sofa please"), Ai(actions: [new { name = "refund", status = "permissionRequired" }])],
        "conflicting_information" => [Customer("My account is 4471"), Ai(signals: ["conflictingInformation"])],
        "unhelpful_responses" => [Customer("Why was my claim rejected?"), Ai(signals: ["unhelpful"]), Ai(signals: ["unhelpful"])],
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task EachTriggerEscalatesThroughTheTurnsEndpointWithItsReasonAndPriority(string reason, string priority)
    {
        var skill = NewId("trigger");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 600, agent);
        var conversation = NewId("conv");

        System.Text.Json.Nodes.JsonObject last = null!;
        foreach (var turn in Script(reason))
        {
            var body = System.Text.Json.JsonSerializer.SerializeToNode(turn)!.AsObject();
            body["queue"] = queue;
            using var response = await _api.PostTurnAsync(conversation, body);
            last = await OkJsonAsync(response);
        }

        Assert.Equal("escalating", (string?)last["status"]);
        Assert.Equal((reason, priority), ((string?)last["escalation"]!["reason"], (string?)last["escalation"]!["priority"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)last["say"]));

        // Leave nothing waiting in this shared host.
        using var abandoned = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/abandon", new { }, TestContext.Current.CancellationToken);
        await OkJsonAsync(abandoned);
    }
}
