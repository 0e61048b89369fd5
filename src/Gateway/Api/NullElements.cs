using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// JSON reads <c>[null]</c> into a <c>string[]</c> without complaint, although the C# type says an element is never
/// null; a handler that believes its types then fails with a 500. This filter walks every request body once bound
/// and answers 400 naming each null the types forbid (<c>legs[0].targets[0]</c>), for every route and every body
/// type at once, so no handler needs its own check for holes in its lists.
/// </summary>
public static class NullElements
{
    const int MaxDepth = 32;

    static readonly ConcurrentDictionary<MemberInfo, NullabilityInfo?> Nullability = new();

    /// <summary>For <c>AddEndpointFilterFactory</c>: a no-op on routes without a JSON body.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // The body is the one parameter of our own types that is not a service (TenantContext is one).
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var index = Array.FindIndex(context.MethodInfo.GetParameters(), p =>
            p.ParameterType is { IsClass: true } type && type.Namespace?.StartsWith("Orleans.Handoff", StringComparison.Ordinal) == true && !services.IsService(type));
        if (index < 0) return next;

        return async invocation =>
        {
            var json = invocation.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var errors = Find(invocation.Arguments[index], json);
            return errors.Count > 0 ? Problems.Invalid(errors) : await next(invocation);
        };
    }

    /// <summary>Every null below <paramref name="body"/> where its declared type does not admit one, by JSON path.</summary>
    public static List<FieldError> Find(object? body, JsonSerializerOptions json)
    {
        var errors = new List<FieldError>();
        if (body is not null) Walk(body, null, "", json, errors, 0);
        return errors;
    }

    static void Walk(object value, NullabilityInfo? declared, string path, JsonSerializerOptions json, List<FieldError> errors, int depth)
    {
        if (depth > MaxDepth) return;
        var type = value.GetType();
        switch (value)
        {
            case string or JsonElement:
                return;
            case IDictionary dictionary:
                var valueNullability = declared?.GenericTypeArguments.LastOrDefault();
                foreach (DictionaryEntry entry in dictionary)
                    Element(entry.Value, valueNullability, $"{path}.{entry.Key}", json, errors, depth);
                return;
            case IEnumerable list when type.IsArray || type.IsGenericType:
                var elementNullability = type.IsArray ? declared?.ElementType : declared?.GenericTypeArguments.FirstOrDefault();
                var i = 0;
                foreach (var element in list) Element(element, elementNullability, $"{path}[{i++}]", json, errors, depth);
                return;
        }

        if (type.Namespace?.StartsWith("Orleans.Handoff", StringComparison.Ordinal) != true) return;
        if (json.GetTypeInfo(type) is not { Kind: JsonTypeInfoKind.Object } info) return;
        foreach (var property in info.Properties)
        {
            // Nothing below a number, an enum or a string can be a null element; reading one would only box it.
            if (property.PropertyType.IsValueType || property.PropertyType == typeof(string)) continue;
            if (property.Get?.Invoke(value) is not { } child) continue;
            var name = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            Walk(child, NullabilityOf(property.AttributeProvider as MemberInfo), name, json, errors, depth + 1);
        }
    }

    static void Element(object? element, NullabilityInfo? declared, string path, JsonSerializerOptions json, List<FieldError> errors, int depth)
    {
        if (element is not null) Walk(element, declared, path, json, errors, depth + 1);
        else if (declared is { ReadState: NullabilityState.NotNull }) errors.Add(new FieldError(path, "A value is required here, not null."));
    }

    static NullabilityInfo? NullabilityOf(MemberInfo? member) => member is null ? null : Nullability.GetOrAdd(member, static m => m switch
    {
        // A context per member: NullabilityInfoContext is not safe to share between threads.
        PropertyInfo property => new NullabilityInfoContext().Create(property),
        FieldInfo field => new NullabilityInfoContext().Create(field),
        _ => null,
    });
}
