using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Siamese;

/// <summary>
/// Two encoders and the Euclidean distance between their codes, d(a, b) = ||left(a) - right(b)||. Whether the
/// branches are one network is declared by the subclasses' attributes.
/// </summary>
public abstract class TwinNetwork : Module<Tensor, Tensor, Tensor>
{
    protected TwinNetwork(string name) : base(name) { }

    public abstract Sequential Left { get; }
    public abstract Sequential Right { get; }

    /// <summary>One branch: a two-hidden-layer perceptron from <paramref name="input"/> to <paramref name="code"/> features.</summary>
    protected static Sequential Encoder(long input, long hidden, long code)
        => Sequential(Linear(input, hidden), ReLU(), Linear(hidden, hidden), ReLU(), Linear(hidden, code));

    /// <summary>The distance of each pair of rows of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public override Tensor forward(Tensor a, Tensor b)
    {
        // The small constant keeps the gradient of the square root finite for identical codes.
        return (Left.call(a) - Right.call(b)).square().sum(1).add(1e-12).sqrt();
    }
}

/// <summary>Siamese twins (Bromley et al. 1993): both branches are one encoder.</summary>
public sealed partial class SharedTwins : TwinNetwork
{
    [Shared("twin")] private readonly Sequential left;
    [Shared("twin")] private readonly Sequential right;

    public SharedTwins(long input, long hidden, long code) : base(nameof(SharedTwins))
    {
        left = Encoder(input, hidden, code);
        right = Encoder(input, hidden, code);
        RegisterComponents();
    }

    public override Sequential Left => left;
    public override Sequential Right => right;
}

/// <summary>The same network without the attributes: two encoders that merely start from the same architecture.</summary>
public sealed class SeparateTwins : TwinNetwork
{
    private readonly Sequential left;
    private readonly Sequential right;

    public SeparateTwins(long input, long hidden, long code) : base(nameof(SeparateTwins))
    {
        left = Encoder(input, hidden, code);
        right = Encoder(input, hidden, code);
        RegisterComponents();
    }

    public override Sequential Left => left;
    public override Sequential Right => right;
}
