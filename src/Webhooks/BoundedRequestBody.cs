using Microsoft.AspNetCore.Http;

namespace Release.Webhooks;

/// <summary>
/// Reads a webhook's whole body, which its signature covers, without letting a sender make the
/// receiver buffer more than a limit: a declared length over it is refused before reading, and a
/// chunked body is cut off as soon as it passes it.
/// </summary>
public static class BoundedRequestBody
{
    /// <summary>The body's bytes, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
