using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>POST /v1/policy/evaluate: what the live policy or a candidate does with a transcript, stored nowhere.</summary>
public sealed class PolicyDryRunTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<HttpResponseMessage> EvaluateAsync(object body) => await host.Http.PostAsJsonAsync("/v1/policy/evaluate", body, Cancel);

    [Fact]
    public async Task TheLivePolicyExplainsWhatFiredAndWhyTheOthersDidNot()
    {
        using var response = await EvaluateAsync(new
        {
            turns = new object[]
            {
                new { role = "customer", text = "My router keeps dropping" },
                new { role = "ai", text = "Try restarting it.", confidence = 0.9 },
                new { role = "customer", text = "I honestly don't want to be here anymore" },
            },
        });

        var body = await OkJsonAsync(response);
        Assert.Equal((true, false), ((bool)body["escalate"]!, (bool)body["candidate"]!));
        var escalation = body["escalation"]!;
        Assert.Equal(("self_harm", "hard", "emergency.self_harm", 3, "emergency"),
            ((string?)escalation["reason"], (string?)escalation["layer"], (string?)escalation["rule"], (int)escalation["turnSequence"]!, (string?)escalation["priority"]));
        Assert.StartsWith("I'm really sorry", (string?)body["say"]);
        var notFired = body["notFired"]!.AsArray().Select(n => (string?)n!["reason"]).ToList();
        Assert.Contains("explicit_request", notFired);
        Assert.DoesNotContain("self_harm", notFired);
        var lowConfidence = body["notFired"]!.AsArray().Single(n => (string?)n!["reason"] == "low_confidence")!;
        Assert.Equal(("threshold", "Longest run of AI turns below 0.5: 0 of 2 needed; lowest confidence 0.9."),
            ((string?)lowConfidence["layer"], (string?)lowConfidence["why"]));
    }

    [Fact]
    public async Task ACandidatePolicyRunsInsteadOfTheLiveOne()
    {
        var turns = new object[]
        {
            new { role = "ai", text = "It may be the router.", confidence = 0.55 },
            new { role = "ai", text = "Or the cable.", confidence = 0.58 },
        };

        using var live = await EvaluateAsync(new { turns });
        using var candidate = await EvaluateAsync(new { turns, policy = new { preset = "strict" } });

        Assert.False((bool)(await OkJsonAsync(live))["escalate"]!);
        var body = await OkJsonAsync(candidate);
        Assert.Equal(("low_confidence", true), ((string?)body["escalation"]!["reason"], (bool)body["candidate"]!));
    }

    [Fact]
    public async Task ATenantsCrisisTextIsWhatTheBotIsToldToSay()
    {
        using var response = await EvaluateAsync(new
        {
            turns = new[] { new { role = "customer", text = "ik wil niet meer leven" } },
            policy = new { safety = new { selfHarmSay = "Bel 113 of 0800-0113." } },
        });

        Assert.Equal("Bel 113 of 0800-0113.", (string?)(await OkJsonAsync(response))["say"]);
    }

    [Theory]
    [InlineData("""{"turns":[]}""", "turns")]
    [InlineData("""{"turns":[{"text":"hi"}]}""", "turns[0].role")]
    [InlineData("""{"turns":[{"role":"ai","text":"hi","confidence":2}]}""", "turns[0].confidence")]
    [InlineData("""{"turns":[{"role":"customer","text":"hi"}],"policy":{"lowConfidence":{"threshold":3}}}""", "policy.lowConfidence.threshold")]
    [InlineData("""{"turns":[{"role":"customer","text":"hi"}],"policy":{"safety":{"selfHarmSay":" "}}}""", "policy.safety.selfHarmSay")]
    [InlineData("""{"turns":[{"role":"customer","text":"hi","at":"2026-01-02T10:00:00Z"},{"role":"customer","text":"hi","at":"2026-01-02T09:00:00Z"}]}""", "turns[1].at")]
    public async Task BadInputIsAProblemNamingTheField(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/v1/policy/evaluate", content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task MoreThanTwoHundredTurnsAreRefused()
    {
        var turns = Enumerable.Range(0, 201).Select(i => new { role = "customer", text = $"turn {i}" }).ToArray();

        using var response = await EvaluateAsync(new { turns });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "turns");
    }
}
