namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Azure Table storage could not be reached (or refused us) while a provider prepared its table at start. The message
/// names the endpoint and the table, never the account key.
/// </summary>
public sealed class AzureTablesUnavailableException : Exception
{
    public AzureTablesUnavailableException()
    {
    }

    public AzureTablesUnavailableException(string message)
        : base(message)
    {
    }

    public AzureTablesUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
