using System.Globalization;
using System.Net;

namespace Release.Analytics.Html;

/// <summary>The little of SVG and HTML text the page needs: escaping and invariant numbers.</summary>
internal static class Svg
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A coordinate with one decimal, in invariant culture (a comma would break the path).</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Percent(double? fraction) => fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f * 100:0}%") : "–";

    public static string Credits(double credits) => credits.ToString("#,0", CultureInfo.InvariantCulture);
}
