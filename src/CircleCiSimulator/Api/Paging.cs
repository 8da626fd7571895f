using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Release.CircleCiSimulator;

/// <summary>
/// CircleCI-style paging: items plus an opaque next_page_token, null on the last page. Pages are
/// small on purpose (options.PageSize) so that clients must follow the token.
/// </summary>
internal static class Paging
{
    private const string Prefix = "offset:";

    /// <summary>The page a token points at, or null when the token is not one of ours.</summary>
    public static PageBody<T>? Page<T>(IReadOnlyList<T> all, string? pageToken, int pageSize)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && (!TryDecode(pageToken, out offset) || offset > all.Count))
        {
            return null;
        }

        var items = all.Skip(offset).Take(pageSize).ToList();
        var next = offset + pageSize < all.Count ? Encode(offset + pageSize) : null;
        return new PageBody<T>(items, next);
    }

    private static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
