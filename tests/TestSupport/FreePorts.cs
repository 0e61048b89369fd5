using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// Loopback ports for hosts that must be told their port before they start (silos, Azurite, child processes).
/// A port the OS hands out for port 0 comes from the ephemeral range, where any outbound connection of any
/// process may take it between our release and the host's bind; so ports come from below that range instead,
/// and each is reserved by an exclusive file lock held for the life of this test process, so test projects
/// running side by side never pick the same one.
/// </summary>
public static class FreePorts
{
    const int LowestPort = 15000;
    static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "orleans-handoff-ports");
    static readonly List<FileStream> Reservations = [];
    static readonly Lock Gate = new();
    static readonly int HighestPort = EphemeralRangeStart() - 1;

    /// <summary>A loopback port nobody listens on now and no other test process will be given.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            Directory.CreateDirectory(LockDirectory);
            var span = HighestPort - LowestPort + 1;
            var start = Random.Shared.Next(span);
            for (var i = 0; i < span; i++)
            {
                var port = LowestPort + ((start + i) % span);
                if (TryReserve(port)) return port;
            }

            throw new InvalidOperationException($"No free loopback port between {LowestPort} and {HighestPort}.");
        }
    }

    /// <summary>Two distinct ports for a silo: its silo-to-silo port and its client gateway port.</summary>
    public static (int Silo, int Gateway) NextPair() => (Next(), Next());

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

    static bool TryReserve(int port)
    {
        FileStream reservation;
        try
        {
            reservation = new FileStream(Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false;
        }

        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
        }
        catch (SocketException)
        {
            reservation.Dispose();
            return false;
        }

        Reservations.Add(reservation);
        return true;
    }

    static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var low)
            && low > LowestPort + 1000)
        {
            return low;
        }

        return 32768;
    }
}
