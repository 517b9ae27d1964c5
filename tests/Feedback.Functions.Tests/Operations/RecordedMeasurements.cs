using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Feedback.Functions.Telemetry;

namespace Feedback.Functions.Tests.Operations;

/// <summary>One measurement of a "Feedback.Pipeline" instrument, as a <see cref="MeterListener"/> saw it.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Records every measurement of the named instruments of the pipeline's meter while it lives. The meter is the
/// process's, so apps of tests running at the same time may add theirs: assert on what must be there.
/// </summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measured> measurements = new();

    public RecordedMeasurements(params string[] instruments)
    {
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name && instruments.Contains(instrument.Name))
                meterListener.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    /// <summary>Raised with each measurement as it is recorded.</summary>
    public event Action<Measured>? Recorded;

    public IReadOnlyList<Measured> All => [.. measurements];

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var measured = new Measured(instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value));
        measurements.Enqueue(measured);
        Recorded?.Invoke(measured);
    }
}
