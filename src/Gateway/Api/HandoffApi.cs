using Microsoft.Extensions.Options;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Security;
using Orleans.Dashboard;

namespace Orleans.Handoff.Gateway.Api;

public static class HandoffApi
{
    public static IServiceCollection AddHandoffApi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped(TenantContext.FromRequest);
        services.AddHandoffSecurity();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = UnmatchedRoutes.Describe);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<TransientFailureHandler>();
        services.AddOpenApi(OpenApiContract.Configure);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        // Binding failures throw so that BadRequestHandler can name the field; otherwise they are a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            HandoffJson.Apply(options.SerializerOptions);
            // A number is a JSON number: "5" for a count is a 400, as the OpenAPI document says.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
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
        app.UseUnmatchedRoutes();
        app.UseHandoffSecurity();
        return app;
    }

    public static IEndpointRouteBuilder MapHandoffApi(this IEndpointRouteBuilder app)
    {
        // The one document there is, by its exact path: an unknown name is then any other unknown route (a problem, not text).
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        // Orleans' dashboard, its page and the API behind it, to admin keys only; not part of the documented API.
        if (DashboardHosting.IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
            app.MapOrleansDashboard(DashboardHosting.Route).AllowRoles(Role.Admin).ExcludeFromDescription();
        var api = app.MapGroup("").AddEndpointFilterFactory(NullElements.Filter);
        api.MapConversationsApi();
        api.MapAgentsApi();
        api.MapWrapUpApi();
        api.MapAgentEventsApi();
        api.MapEscalationsApi();
        api.MapRoutingApi();
        api.MapRedactionApi();
        api.MapSchemasApi();
        api.MapPolicyApi();
        api.MapPolicyDryRunApi();
        api.MapPolicyReplayApi();
        api.MapSupervisorApi();
        api.MapTransfersApi();
        api.MapConversationSupervisionApi();
        api.MapKeysApi();
        api.MapPagesApi();
        api.MapHeartbeatsApi();
        api.MapMaintenanceApi();
        api.MapWebhooksApi();
        api.MapSchedulesApi();
        return app;
    }
}
