using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Gateway.Api;

public static class HandoffApi
{
    public static IServiceCollection AddHandoffApi(this IServiceCollection services)
    {
        services.AddSingleton<TenantContext>();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<TransientFailureHandler>();
        services.AddOpenApi();
        // Binding failures throw so that BadRequestHandler can name the field; otherwise they are a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => HandoffJson.Apply(options.SerializerOptions));
        return services;
    }

    public static WebApplication UseHandoffApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The agent console, the supervisor view and the customer demo: plain files from wwwroot, no build step.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapHandoffApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapConversationsApi();
        app.MapAgentsApi();
        app.MapAgentEventsApi();
        app.MapEscalationsApi();
        app.MapRoutingApi();
        app.MapRedactionApi();
        app.MapSchemasApi();
        app.MapPolicyApi();
        app.MapSupervisorApi();
        app.MapPagesApi();
        app.MapWebhooksApi();
        return app;
    }
}
