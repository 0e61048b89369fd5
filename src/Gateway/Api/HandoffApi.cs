using Microsoft.Extensions.Options;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Gateway.Api;

public static class HandoffApi
{
    public static IServiceCollection AddHandoffApi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped(TenantContext.FromRequest);
        services.AddHandoffSecurity();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<TransientFailureHandler>();
        services.AddOpenApi();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        // Binding failures throw so that BadRequestHandler can name the field; otherwise they are a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => HandoffJson.Apply(options.SerializerOptions));
        services.AddHandoffWarmup(sp => sp.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        return services;
    }

    public static WebApplication UseHandoffApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The agent console, the supervisor view and the customer demo: plain files from wwwroot, no build step.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseHandoffSecurity();
        return app;
    }

    public static IEndpointRouteBuilder MapHandoffApi(this IEndpointRouteBuilder app)
    {
        // The one document there is, by its exact path: an unknown name is then any other unknown route (a problem, not text).
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        app.MapConversationsApi();
        app.MapAgentsApi();
        app.MapAgentEventsApi();
        app.MapEscalationsApi();
        app.MapRoutingApi();
        app.MapRedactionApi();
        app.MapSchemasApi();
        app.MapPolicyApi();
        app.MapPolicyDryRunApi();
        app.MapSupervisorApi();
        app.MapKeysApi();
        app.MapPagesApi();
        app.MapWebhooksApi();
        return app;
    }
}
