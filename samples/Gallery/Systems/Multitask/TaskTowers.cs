using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Multitask;

/// <summary>
/// One tower per task, with parameters of their own that a penalty keeps close: soft parameter sharing for related
/// tasks (the book's two task models, tied by <c>Lambda · ‖θ_A − θ_B‖²</c>).
/// </summary>
public partial class TaskTowers : Module<Tensor, (Tensor A, Tensor B)>
{
    /// <summary>The Lambda of the "tower" tie, as the attributes below declare it.</summary>
    public const double Lambda = 0.5;

    [Tied("tower", Lambda = 0.5)] private readonly Sequential towerA;
    [Tied("tower", Lambda = 0.5)] private readonly Sequential towerB;

    public TaskTowers(long inputs, long hidden) : base(nameof(TaskTowers))
    {
        towerA = Sequential(Linear(inputs, hidden), Tanh(), Linear(hidden, 1));
        towerB = Sequential(Linear(inputs, hidden), Tanh(), Linear(hidden, 1));
        RegisterComponents();
    }

    public Sequential TowerA => towerA;
    public Sequential TowerB => towerB;

    public override (Tensor A, Tensor B) forward(Tensor x) => (towerA.call(x).squeeze(1), towerB.call(x).squeeze(1));

    /// <summary>The Euclidean distance between the towers' parameters, <c>‖θ_A − θ_B‖</c>.</summary>
    public double TowerDistance()
    {
        using var _ = no_grad();
        double squares = 0;
        var b = towerB.parameters().GetEnumerator();
        foreach (var a in towerA.parameters())
        {
            b.MoveNext();
            squares += (a - b.Current).square().sum().to(float64).item<double>();
        }
        return System.Math.Sqrt(squares);
    }
}
