using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Handoff.Notifications;

/// <summary>
/// How receivers verify a notification: <c>X-Handoff-Signature: sha256={hex}</c>, an HMAC-SHA256 with the webhook's
/// secret over <c>{X-Handoff-Timestamp}.{body}</c>. The timestamp (Unix seconds) lets them refuse replays.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Handoff-Signature";
    public const string TimestampHeader = "X-Handoff-Timestamp";
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, string body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var payload = Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, payload));
    }

    /// <summary>What a receiver does: recompute in constant time, and refuse anything older than the replay window.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, string body, DateTimeOffset now)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || signatureHeader is null) return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age > ReplayWindow || age < -ReplayWindow) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
