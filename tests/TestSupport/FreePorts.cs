using System.Net;
using System.Net.Sockets;

namespace Orleans.Handoff.TestSupport;

public static class FreePorts
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it, then it is released).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Two ports free right now, bound together so they cannot be the same one, then released for a silo.</summary>
    public static (int Silo, int Gateway) NextPair()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < giveUp)
            {
                await Task.Delay(100);
            }
        }
    }
}
