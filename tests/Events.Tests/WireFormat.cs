using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Release.Events.Tests;

/// <summary>Events as a consumer receives them: structured-mode JSON from the CloudEvents formatter.</summary>
internal static class WireFormat
{
    private static readonly JsonEventFormatter Formatter = new();

    public static JsonElement Encode(CloudEvent cloudEvent)
    {
        var bytes = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    /// <summary>The CloudEvents 1.0 required attributes, and the optional ones every event here sets.</summary>
    public static void AssertCloudEventAttributes(JsonElement json)
    {
        Assert.Equal("1.0", json.GetProperty("specversion").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()));
        Assert.True(Uri.TryCreate(json.GetProperty("source").GetString(), UriKind.RelativeOrAbsolute, out _));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("type").GetString()));
        Assert.Equal("application/json", json.GetProperty("datacontenttype").GetString());
        Assert.Equal(SampleTransitions.At, DateTimeOffset.Parse(json.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Object, json.GetProperty("data").ValueKind);
    }

    public static string Text(this JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            Assert.True(element.TryGetProperty(name, out element), $"missing {path}");
        }

        var text = element.GetString();
        Assert.False(string.IsNullOrEmpty(text), $"empty {path}");
        return text!;
    }

    public static bool Has(this JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return false;
            }
        }

        return true;
    }
}
