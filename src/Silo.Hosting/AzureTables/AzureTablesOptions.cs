using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>Where grain state, membership, reminders (Orleans' Azure Storage providers) and transcripts keep their tables.</summary>
public sealed class AzureTablesOptions
{
    /// <summary>Bound from <c>Handoff:AzureTables</c> (environment: <c>Handoff__AzureTables__ConnectionString</c>).</summary>
    public const string Section = "Handoff:AzureTables";

    /// <summary>With a connection string the hosts run clustered on Azure Tables; without one, the embedded in-memory default.</summary>
    public static bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(Section)["ConnectionString"]);

    /// <summary>A storage account (or Azurite) connection string. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Start of every table name (<c>{prefix}grainstate</c>, <c>{prefix}silos</c>, <c>{prefix}reminders</c> for Orleans' providers, <c>{prefix}transcripts</c> for ours):
    /// letters and digits, starting with a letter, at most <see cref="MaxTablePrefixLength"/> characters.
    /// </summary>
    public string TablePrefix { get; set; } = "handoff";

    /// <summary>Leaves room for the longest suffix within Azure's 63-character table names.</summary>
    public const int MaxTablePrefixLength = 50;
}

internal sealed class AzureTablesOptionsValidator : IValidateOptions<AzureTablesOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureTablesOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(AzureTablesOptions)}.{nameof(AzureTablesOptions.ConnectionString)} is required: set Handoff:AzureTables:ConnectionString to a storage account or Azurite connection string.");
        }
        else if (!IsParsable(options.ConnectionString, out var reason))
        {
            failures.Add($"{nameof(AzureTablesOptions)}.{nameof(AzureTablesOptions.ConnectionString)} is not a valid storage connection string: {reason}");
        }

        var prefix = options.TablePrefix;
        if (string.IsNullOrEmpty(prefix) || prefix.Length > AzureTablesOptions.MaxTablePrefixLength
            || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"{nameof(AzureTablesOptions)}.{nameof(AzureTablesOptions.TablePrefix)} '{prefix}' must be 1 to {AzureTablesOptions.MaxTablePrefixLength} ASCII letters or digits, starting with a letter (it starts Azure table names).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static bool IsParsable(string connectionString, out string reason)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            reason = "";
            return true;
        }
        catch (FormatException)
        {
            reason = "its AccountKey is not valid base-64.";
            return false;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // Not the SDK's text: it can quote a piece of the string, and the string holds the account key.
            reason = "expected key=value pairs such as DefaultEndpointsProtocol, AccountName, AccountKey and TableEndpoint, or UseDevelopmentStorage=true.";
            return false;
        }
    }
}
