using System.Globalization;
using System.Text;

namespace Orleans.Handoff.Schedules;

/// <summary>
/// A schedule's shifts as an RFC 5545 calendar: one VEVENT per person per shift, times in UTC, CRLF line ends, lines
/// folded at 75 octets. UIDs are stable for the same shift, so a calendar that refreshes updates events in place.
/// </summary>
public static class ICalendarFeed
{
    public static readonly TimeSpan Span = TimeSpan.FromDays(8 * 7);

    public static string Write(ScheduleDefinition schedule, IEnumerable<Shift> shifts, DateTimeOffset stamp, string domain)
    {
        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//Orleans.Handoff//On-call schedules//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, $"X-WR-CALNAME:{Escape($"On call: {schedule.Name}")}");
        foreach (var shift in shifts)
        {
            foreach (var agent in shift.Agents)
            {
                Line(text, "BEGIN:VEVENT");
                Line(text, $"UID:{Escape($"{schedule.Name}-{agent}-{Utc(shift.Start)}@{domain}")}");
                Line(text, $"DTSTAMP:{Utc(stamp)}");
                Line(text, $"DTSTART:{Utc(shift.Start)}");
                Line(text, $"DTEND:{Utc(shift.End)}");
                Line(text, $"SUMMARY:{Escape($"On call ({schedule.Name}): {agent}")}");
                Line(text, $"DESCRIPTION:{Escape($"{agent} is on call for schedule {schedule.Name} ({schedule.TimeZone}).")}");
                Line(text, "TRANSP:TRANSPARENT");
                Line(text, "END:VEVENT");
            }
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11).</summary>
    static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Folds at 75 octets of UTF-8 without splitting a character; continuation lines start with one space.</summary>
    static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74;
            }

            text.Append(rune.ToString());
            octets += size;
        }

        text.Append("\r\n");
    }
}
