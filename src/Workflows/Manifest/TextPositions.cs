namespace Release.Workflows.Manifest;

/// <summary>
/// Turns byte offsets into the 1-based line and column an editor shows. Columns count UTF-16
/// characters, as editors do, not bytes: "été" is 3 columns. All offsets are converted in one pass
/// over the text, so that thousands of problems in a one-line file cost no more than one.
/// </summary>
internal static class TextPositions
{
    public static Dictionary<int, (int Line, int Column)> Of(byte[] utf8, IEnumerable<int> offsets)
    {
        var sorted = offsets.Distinct().Order().ToList();
        var positions = new Dictionary<int, (int Line, int Column)>(sorted.Count);
        int line = 1, column = 1, at = 0;
        foreach (var offset in sorted)
        {
            var end = Math.Clamp(offset, 0, utf8.Length);
            for (; at < end; at++)
            {
                var b = utf8[at];
                if (b == (byte)'\n')
                {
                    line++;
                    column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    // A lead byte starts a character; four-byte ones are two UTF-16 characters.
                    column += b >= 0xF0 ? 2 : 1;
                }
            }

            positions[offset] = (line, column);
        }

        return positions;
    }

    /// <summary>
    /// The byte offset of a reader position: <paramref name="lineNumber"/> 0-based, counted in
    /// line feeds, <paramref name="bytePositionInLine"/> in bytes from that line's start.
    /// </summary>
    public static int OffsetOf(byte[] utf8, long lineNumber, long bytePositionInLine)
    {
        var offset = 0;
        for (long line = 0; line < lineNumber && offset < utf8.Length; offset++)
        {
            if (utf8[offset] == (byte)'\n')
            {
                line++;
            }
        }

        return (int)Math.Min(offset + bytePositionInLine, utf8.Length);
    }
}
