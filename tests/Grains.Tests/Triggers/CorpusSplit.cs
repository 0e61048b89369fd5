using System.Globalization;
using System.Text;

namespace Orleans.Handoff.Tests.Triggers;

/// <summary>
/// Which items are held out: a quarter, by a hash of the id, so the split never changes when items are added and
/// nobody picks it. Held-out items measure the rules and the learned layer; they are never trained on.
/// </summary>
internal static class CorpusSplit
{
    public static bool IsHeldOut(string id) => Hash(id) % 4 == 0;

    /// <summary>An utterance's id: its language and a hash of its text, stable wherever the line moves in the file.</summary>
    public static string UtteranceId(string lang, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"u-{lang}-{Hash(lang + "\u001f" + text):x8}");

    // FNV-1a over UTF-8: the same on every runtime and machine, unlike string.GetHashCode.
    static uint Hash(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value)) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
