using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Release.Api.Dashboard;

/// <summary>A piece of HTML already encoded: the only thing <see cref="Html.Of"/> writes unencoded.</summary>
internal readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new("");

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public override string ToString() => Value;
}

/// <summary>
/// HTML from an interpolated string where every hole is encoded unless it is <see cref="Markup"/>:
/// forgetting to encode a release's name, a reason or a line of build output is not possible.
/// </summary>
internal static class Html
{
    public static Markup Of(ref HtmlHandler html) => new(html.ToStringAndClear());

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>An http(s) link as given, else null: a report's or a setting's URL never becomes a javascript: link.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
}

[InterpolatedStringHandler]
internal ref struct HtmlHandler
{
    private readonly StringBuilder builder;

    public HtmlHandler(int literalLength, int formattedCount)
    {
        builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string literal) => builder.Append(literal);

    public readonly void AppendFormatted(Markup markup) => builder.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => builder.Append(Html.Encode(text));

    public readonly void AppendFormatted<T>(T value, string? format = null)
    {
        var text = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString();
        builder.Append(Html.Encode(text));
    }

    public readonly string ToStringAndClear() => builder.ToString();
}
