using System.Net;
using System.Net.Sockets;

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A loopback port nothing listens on (just released by the OS).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
