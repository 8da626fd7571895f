using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests;

public sealed class NdjsonEventSinkTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.ndjson");

    [Fact]
    public async Task AppendAsync_EveryTransition_RoundTripsThroughTheCloudEventsFormatter()
    {
        var cdEvents = new CdEventsMapper(SampleTransitions.Source);
        var seed004 = new Seed004Mapper(SampleTransitions.Source);
        var published = SampleTransitions.All().SelectMany(t => cdEvents.Map(t).Concat(seed004.Map(t))).ToList();

        await new NdjsonEventSink(path).AppendAsync(published);

        var formatter = new JsonEventFormatter();
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(published.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var read = formatter.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(lines[i]), null, null);
            Assert.Equal(published[i].Id, read.Id);
            Assert.Equal(published[i].Type, read.Type);
            Assert.Equal(published[i].Source, read.Source);
            Assert.Equal(published[i].Time, read.Time);
            Assert.Equal(published[i].Subject, read.Subject);
            Assert.Equal("application/json", read.DataContentType);
            Assert.Equal(
                JsonSerializer.Serialize(published[i].Data),
                JsonSerializer.Serialize((JsonElement)read.Data!));
        }
    }

    [Fact]
    public async Task AppendAsync_TwoWritersAtOnce_WriteWholeLinesOnly()
    {
        var mapper = new CdEventsMapper(SampleTransitions.Source);
        var a = new NdjsonEventSink(path);
        var b = new NdjsonEventSink(path);
        var component = SampleTransitions.Api with { Name = new string('x', 20_000) };
        // Long lines, so a write that is not whole would show as a torn or interleaved line.
        var events = Enumerable.Range(1, 200)
            .Select(n => ReleaseTransition.PipelineStarted(SampleTransitions.Release, SampleTransitions.At, component, SampleTransitions.ApiPipeline, n))
            .SelectMany(mapper.Map)
            .ToList();

        await Task.WhenAll(
            Task.Run(() => a.AppendAsync(events.Where((_, i) => i % 2 == 0))),
            Task.Run(() => b.AppendAsync(events.Where((_, i) => i % 2 == 1))));

        var lines = await File.ReadAllLinesAsync(path);
        var read = await NdjsonEventSink.ReadAllAsync(path);
        Assert.Equal(events.Count, lines.Length);
        Assert.Equal(events.Select(e => e.Id).Order(), read.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task ReadAllAsync_TornLastLine_IsLeftOut()
    {
        var mapper = new CdEventsMapper(SampleTransitions.Source);
        await new NdjsonEventSink(path).AppendAsync(mapper.Map(SampleTransitions.Of(TransitionKind.ReleaseQueued)));
        await File.AppendAllTextAsync(path, "{\"specversion\":\"1.0\",\"id\":");

        var read = await NdjsonEventSink.ReadAllAsync(path);

        Assert.Equal(CdEventTypes.PipelineRunQueued, Assert.Single(read).Type);
    }

    public void Dispose() => File.Delete(path);
}
