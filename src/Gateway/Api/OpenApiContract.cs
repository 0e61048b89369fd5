using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.Handoff.Gateway.Security;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// Makes <c>/openapi/v1.json</c> say what the gateway does: the bearer key and who may call each operation, the
/// problem details as they are sent, required only where a request fails without the field or a response always has
/// it, null nowhere (a null is never sent: it is left out), free-form objects as such, and every status a route can
/// answer. <c>tests/Gateway.Tests/OpenApiContractTests</c> holds the gateway to it.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "bearerKey";
    public const string ProblemSchema = "ProblemDetails";

    static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Conversations"] = "A conversation between a customer, the bot and, after a hand-off, a person: turns, escalation, hand-back, resolution.",
        ["Agents"] = "The human agents: profiles, presence, pending offers and their live event stream.",
        ["Escalations"] = "One run of a ladder: its legs, offers, and the acknowledgement that decides who owns the work.",
        ["Ladders"] = "Who is offered an escalation, in which order, and how long each leg waits for an ACK.",
        ["Queues"] = "Where escalations wait: required skills, the ladder used, business hours.",
        ["Policy"] = "The trigger policy that decides after every turn whether a person is needed now.",
        ["Redaction"] = "Which optional personal data is redacted from transcripts and packages.",
        ["Schemas"] = "JSON Schemas of the documents the gateway hands out.",
        ["Supervisor"] = "The live view of queues, ladders in flight and agents.",
        ["Keys"] = "The tenant's API keys.",
        ["Pages"] = "On-call pages: a ladder run for an incident instead of a conversation.",
        ["Schedules"] = "On-call schedules: rotations in a time zone, overrides, who is on call, shifts and an iCalendar feed.",
        ["Heartbeats"] = "Monitored jobs that must beat once per interval; a missed interval opens a page, the next beat resolves it.",
        ["Maintenance"] = "Maintenance windows of at most a day: pages on their ladders are recorded but notify nobody until the window ends.",
        ["Webhooks"] = "External receivers of offers (pagers, SMS and voice bridges) and their replies.",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(DescribeSchema);
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
    }

    static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Orleans.Handoff",
            Version = "v1",
            Description = "Lossless hand-off from an AI agent to a human: triggers, hand-off packages and escalation ladders. " +
                "Every /v1 call needs an API key (Authorization: Bearer {key}); errors are RFC 9457 problem details.",
        };
        // Relative to wherever the document was fetched from: no host to be wrong behind a proxy, no trailing slash.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This gateway." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key of the tenant (hk_{tenant}_{id}_{secret}) or, where configured, an agent's JWT. " +
                "Each operation names the roles (bot, agent, admin, supervisor) its key needs.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var name in document.Components.Schemas.Keys.ToList()) document.Components.Schemas[name] = WithoutNull(document.Components.Schemas[name]);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                if (parameter.Schema is { } parameterSchema) parameter.Schema = WithoutNull(parameterSchema);
            foreach (var media in (operation.RequestBody?.Content?.Values.AsEnumerable() ?? []).Concat(operation.Responses?.Values.SelectMany(r => r.Content?.Values.AsEnumerable() ?? []) ?? []))
                if (media.Schema is { } mediaSchema) media.Schema = WithoutNull(mediaSchema);
        }

        // Problem details are the one place a null is sent (owner: null when nobody owns the conversation).
        document.Components.Schemas[ProblemSchema] = Problem();

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
        }

        // Who may call what is endpoint metadata; the operations themselves are reached by path and method.
        foreach (var api in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            if (api.RelativePath is null || api.HttpMethod is null) continue;
            var path = "/" + api.RelativePath.TrimEnd('/');
            if (document.Paths.TryGetValue(path, out var item) is false || item.Operations is null) continue;
            if (!item.Operations.TryGetValue(new HttpMethod(api.HttpMethod), out var operation)) continue;
            var roles = api.ActionDescriptor.EndpointMetadata.OfType<AllowedRoles>().LastOrDefault();
            var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };
            operation.Security = roles is not null ? [bearer]
                // No key, or a key: the empty requirement says the first is allowed too.
                : api.ActionDescriptor.EndpointMetadata.OfType<OptionalBearerKey>().Any() ? [new OpenApiSecurityRequirement(), bearer]
                : [];
            if (roles is not null)
            {
                operation.Description = $"{operation.Description} Roles: {string.Join(", ", roles.Roles.Select(ApiKeyFormat.RoleName))}.".TrimStart();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The statuses every route of a kind can answer, whatever its handler returns.</summary>
    static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var keyed = metadata.OfType<AllowedRoles>().Any();
        var statuses = new List<int>();
        if (operation.RequestBody is not null)
        {
            // Unreadable JSON, a body past RequestLimits.MaxBodyBytes, a body that is not JSON.
            statuses.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        if (operation.Parameters?.Count > 0) statuses.Add(StatusCodes.Status400BadRequest);
        if (keyed)
        {
            // The key is checked against the cluster's key store: a silo that is away is a 503 here too.
            statuses.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable]);
        }

        operation.Responses ??= [];
        foreach (var status in statuses.Distinct())
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = ReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    /// <summary>
    /// Object schemas of our own types: no <c>null</c> (the gateway leaves a null out instead of sending it), required
    /// what a request cannot do without (<see cref="RequiredAttribute"/>) or a response always carries (not nullable).
    /// </summary>
    static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Also for a type met as a property's (context.JsonPropertyInfo is then that property): the schema is the type's.
        var info = context.JsonTypeInfo;
        if (info.Kind == JsonTypeInfoKind.Object && info.Type.Namespace?.StartsWith("Orleans.Handoff", StringComparison.Ordinal) == true && schema.Properties is { Count: > 0 })
        {
            var isRequest = info.Type.Namespace == typeof(OpenApiContract).Namespace && info.Type.Name.EndsWith("Request", StringComparison.Ordinal);
            var required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in info.Properties)
            {
                if (!schema.Properties.ContainsKey(property.Name)) continue;
                var member = property.AttributeProvider as MemberInfo;
                if (isRequest ? member?.GetCustomAttribute<RequiredAttribute>() is not null : !IsNullable(property, member)) required.Add(property.Name);
                if (property.PropertyType == typeof(Dictionary<string, JsonElement>) && schema.Properties[property.Name] is OpenApiSchema freeForm)
                {
                    // Customer fields: any names, plain values (text, number, true or false). Said outright, as the
                    // generator writes an object of JsonElement as one that allows no property at all.
                    freeForm.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean };
                }
            }

            schema.Required = required;
        }

        return Task.CompletedTask;
    }

    static bool IsNullable(JsonPropertyInfo property, MemberInfo? member)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null) return true;
        if (property.PropertyType.IsValueType) return false;
        var nullability = member switch
        {
            PropertyInfo p => new NullabilityInfoContext().Create(p),
            FieldInfo f => new NullabilityInfoContext().Create(f),
            _ => null,
        };
        return nullability?.ReadState != NullabilityState.NotNull;
    }

    /// <summary>
    /// <paramref name="schema"/> and everything below it without <c>null</c>: the gateway's JSON leaves a null property
    /// out rather than sending it, and a request's null means the same as leaving the field out.
    /// </summary>
    static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete) return schema;
        if (concrete.Type is { } type && type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null) concrete.Type = type & ~JsonSchemaType.Null;
        if (concrete.Enum is { } allowed && allowed.Any(v => v is null || v.GetValueKind() == JsonValueKind.Null))
            concrete.Enum = [.. allowed.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null)];
        if (concrete.Properties is { } properties)
        {
            foreach (var name in properties.Keys.ToList()) properties[name] = WithoutNull(properties[name]);
        }

        if (concrete.Items is { } items) concrete.Items = WithoutNull(items);
        if (concrete.AdditionalProperties is { } values) concrete.AdditionalProperties = WithoutNull(values);
        if (concrete.OneOf is { Count: > 0 } oneOf)
        {
            var rest = oneOf.Where(s => !IsNullOnly(s)).Select(WithoutNull).ToList();
            // oneOf [null, X] is how a nullable reference is written; without the null it is X.
            if (rest.Count == 1 && concrete.Type is null && concrete.Properties is not { Count: > 0 } && concrete.Description is null) return rest[0];
            concrete.OneOf = rest;
        }

        return concrete;
    }

    static bool IsNullOnly(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    /// <summary>RFC 9457 problem details as this gateway writes them, with every extension member it uses.</summary>
    static OpenApiSchema Problem()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        static OpenApiSchema Whole(string description) => new() { Type = JsonSchemaType.Integer, Format = "int32", Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details (application/problem+json).",
            Required = new HashSet<string>(["type", "title", "status"], StringComparer.Ordinal),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("What went wrong, as a URN (urn:orleans-handoff:problem:…) or an RFC 9110 section."),
                ["title"] = Text("A short summary of the problem type."),
                ["status"] = Whole("The HTTP status."),
                ["detail"] = Text("What went wrong with this request."),
                ["instance"] = Text("The request it is about."),
                ["traceId"] = Text("The W3C trace id of the request, to find it in traces and logs."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Each invalid field by its JSON path (legs[0].targets[0]) with what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["owner"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "409: the agent who owns the conversation now, if anyone." },
                ["epoch"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Description = "409: the conversation's ownership epoch now." },
                ["conversationStatus"] = Text("409: the conversation's status now."),
                ["version"] = Whole("409 on PUT /v1/policy: the version in force."),
                ["reason"] = Text("409 on an ACK or decline: taken, expired, not_offered, at_capacity …"),
                ["escalationId"] = Text("409 on an ACK by code: the escalation the code was for."),
            },
            AdditionalPropertiesAllowed = false,
        };
    }
}
