using System.Globalization;
using System.Text.Json;

namespace Release.DevServer.Visibility;

/// <summary>
/// A list page token: the sort key of the last record returned (its ORDER BY values and RunId). The
/// next page starts strictly after that key, so runs started or closed between two calls neither
/// repeat nor shift a page, as with the real server's tokens.
/// </summary>
internal sealed record PageToken(IReadOnlyList<object?> Values, string RunId)
{
    public static PageToken After(VisibilityRecord last, IReadOnlyList<SortKey> keys) =>
        new(keys.Select(k => last.Get(k.Name)).ToList(), last.RunId);

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(new Wire(Values.Select(ToWire).ToList(), RunId));

    public static PageToken Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(bytes) ?? throw new FormatException();
            return new PageToken(wire.V.Select(FromWire).ToList(), wire.R);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new ArgumentException("Invalid NextPageToken: it does not come from a list call of this server with the same query.", e);
        }
    }

    private static string[] ToWire(object? value) => value switch
    {
        null => ["n"],
        string s => ["s", s],
        long l => ["l", l.ToString(CultureInfo.InvariantCulture)],
        double d => ["d", d.ToString("R", CultureInfo.InvariantCulture)],
        bool b => ["b", b ? "1" : "0"],
        DateTimeOffset t => ["t", t.UtcTicks.ToString(CultureInfo.InvariantCulture)],
        IReadOnlyList<string> list => ["ls", .. list],
        _ => throw new ArgumentException($"unexpected sort value {value.GetType().Name}", nameof(value)),
    };

    private static object? FromWire(string[] wire) => wire[0] switch
    {
        "n" => null,
        "s" => wire[1],
        "l" => long.Parse(wire[1], CultureInfo.InvariantCulture),
        "d" => double.Parse(wire[1], CultureInfo.InvariantCulture),
        "b" => wire[1] == "1",
        "t" => new DateTimeOffset(long.Parse(wire[1], CultureInfo.InvariantCulture), TimeSpan.Zero),
        "ls" => wire[1..].ToList(),
        _ => throw new FormatException($"unknown value kind {wire[0]}"),
    };

    private sealed record Wire(List<string[]> V, string R);
}
