namespace Release.Workflows.Manifest;

/// <summary>
/// Finds commas that end an object or array (<c>[1, 2,]</c>). The document reader accepts them
/// but does not say where they were, and people want to know so they can remove them.
/// </summary>
internal static class TrailingCommas
{
    /// <summary>The byte offsets of trailing commas in a document already known to be well-formed.</summary>
    public static List<int> Find(byte[] utf8)
    {
        var found = new List<int>();
        var lastComma = -1;
        for (var i = 0; i < utf8.Length; i++)
        {
            switch (utf8[i])
            {
                case (byte)'"':
                    i = EndOfString(utf8, i);
                    lastComma = -1;
                    break;
                case (byte)',':
                    lastComma = i;
                    break;
                case (byte)'}' or (byte)']':
                    if (lastComma >= 0)
                    {
                        found.Add(lastComma);
                    }

                    lastComma = -1;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    break;
                default:
                    lastComma = -1;
                    break;
            }
        }

        return found;
    }

    private static int EndOfString(byte[] utf8, int start)
    {
        for (var i = start + 1; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\\')
            {
                i++;
            }
            else if (utf8[i] == (byte)'"')
            {
                return i;
            }
        }

        return utf8.Length;
    }
}
