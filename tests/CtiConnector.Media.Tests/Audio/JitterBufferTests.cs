using CtiConnector.Media.Audio;

namespace CtiConnector.Media.Tests.Audio;

public class JitterBufferTests
{
    private const uint Start = 4_294_966_000; // close to the 32-bit wrap on purpose

    private static short[] Frame(short value) => Enumerable.Repeat(value, 160).ToArray();

    private static (JitterBufferFrame Kind, short First) Pop(JitterBuffer buffer)
    {
        var frame = new short[160];
        var kind = buffer.Pop(frame);
        return (kind, frame[0]);
    }

    [Fact]
    public void PlayoutWaitsForTheTargetDepthThenPlaysInOrder()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 40);
        buffer.Push(Start, Frame(1));

        Assert.Equal(JitterBufferFrame.Silence, Pop(buffer).Kind);

        buffer.Push(Start + 160, Frame(2));
        Assert.Equal((JitterBufferFrame.Audio, (short)1), Pop(buffer));
        buffer.Push(Start + 320, Frame(3));
        Assert.Equal((JitterBufferFrame.Audio, (short)2), Pop(buffer));
        Assert.Equal((JitterBufferFrame.Audio, (short)3), Pop(buffer));
    }

    [Fact]
    public void ReorderedPacketsArePlayedInTimestampOrder()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 60);
        int[] arrival = [0, 2, 1, 4, 3, 5];
        foreach (var i in arrival)
        {
            buffer.Push(Start + (uint)(i * 160), Frame((short)(i + 1)));
        }

        var played = Enumerable.Range(0, 6).Select(_ => Pop(buffer)).ToArray();

        Assert.All(played, p => Assert.Equal(JitterBufferFrame.Audio, p.Kind));
        Assert.Equal(new short[] { 1, 2, 3, 4, 5, 6 }, played.Select(p => p.First));
    }

    [Fact]
    public void ALostFrameIsConcealedWithTheLastOneAttenuated()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 40);
        buffer.Push(Start, Frame(1000));
        buffer.Push(Start + 160, Frame(1000));
        buffer.Push(Start + 480, Frame(3000)); // frame at +320 lost

        Assert.Equal((JitterBufferFrame.Audio, (short)1000), Pop(buffer));
        Assert.Equal((JitterBufferFrame.Audio, (short)1000), Pop(buffer));
        Assert.Equal((JitterBufferFrame.Concealed, (short)700), Pop(buffer));
        Assert.Equal((JitterBufferFrame.Audio, (short)3000), Pop(buffer));
        Assert.Equal(1, buffer.ConcealedFrames);
    }

    [Fact]
    public void ConcealmentFadesToSilenceAfterFourFrames()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 20);
        buffer.Push(Start, Frame(1000));
        Pop(buffer);

        var kinds = Enumerable.Range(0, 6).Select(_ => Pop(buffer)).ToArray();

        Assert.Equal(new short[] { 700, 500, 300, 150, 0, 0 }, kinds.Select(k => k.First));
        Assert.Equal(JitterBufferFrame.Silence, kinds[^1].Kind);
    }

    [Fact]
    public void DuplicatesAndLatePacketsAreDroppedAndCounted()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 20);
        buffer.Push(Start, Frame(1));
        buffer.Push(Start, Frame(9));
        Pop(buffer);
        buffer.Push(Start, Frame(9));
        buffer.Push(Start + 160, Frame(2));

        Assert.Equal(1, buffer.Duplicates);
        Assert.Equal(1, buffer.Late);
        Assert.Equal((JitterBufferFrame.Audio, (short)2), Pop(buffer));
    }

    [Fact]
    public void TooMuchBufferedAudioSkipsAheadToTheTargetDepth()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 40, maxDepthMilliseconds: 100);
        buffer.Push(Start, Frame(1));
        buffer.Push(Start + 160, Frame(2));
        Pop(buffer);
        for (var i = 2; i < 12; i++)
        {
            buffer.Push(Start + (uint)(i * 160), Frame((short)(i + 1)));
        }

        Assert.True(buffer.Overflows > 0);
        Assert.InRange(buffer.BufferedSamples, 320, 800);
        Assert.Equal(JitterBufferFrame.Audio, Pop(buffer).Kind);
    }

    [Fact]
    public void ATimestampJumpRestartsTheBuffer()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 20);
        buffer.Push(Start, Frame(1));
        Pop(buffer);

        buffer.Push(unchecked(Start + 800_000), Frame(5));

        Assert.Equal((JitterBufferFrame.Audio, (short)5), Pop(buffer));
    }

    [Fact]
    public void PacketsOfOtherSizesArePlacedSampleAccurately()
    {
        var buffer = new JitterBuffer(depthMilliseconds: 40);

        // 30 ms packets (240 samples) from a peer with another ptime.
        buffer.Push(Start, Enumerable.Repeat((short)1, 240).ToArray());
        buffer.Push(Start + 240, Enumerable.Repeat((short)2, 240).ToArray());
        var first = new short[160];
        var second = new short[160];
        buffer.Pop(first);
        buffer.Pop(second);

        Assert.All(first, s => Assert.Equal(1, s));
        Assert.Equal(1, second[79]);
        Assert.Equal(2, second[80]);
    }
}
