using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>The JSON schemas clients can check what they receive against.</summary>
public static class SchemasApi
{
    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(HandoffPackageSchema.Route, GetHandoffPackageSchema).WithTags("Schemas").WithName("GetHandoffPackageSchema").WithSummary("Read the hand-off package JSON Schema").WithDescription("The JSON Schema every hand-off package validates against.").AllowAnonymous()
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, HandoffPackageSchema.ContentType);
        return app;
    }

    public static ContentHttpResult GetHandoffPackageSchema() => TypedResults.Text(HandoffPackageSchema.Json, HandoffPackageSchema.ContentType);
}
