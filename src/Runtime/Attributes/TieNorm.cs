namespace Declarative;

/// <summary>The distance between two tied tensors that a tie group's penalty sums over its pairs.</summary>
public enum TieNorm
{
    /// <summary><c>‖w_i − w_j‖₂²</c>, the sum of squared differences: the weight-decay-like default.</summary>
    SquaredL2 = 0,

    /// <summary><c>‖w_i − w_j‖₁</c>, the sum of absolute differences: pulls towards exact equality.</summary>
    L1 = 1,
}
