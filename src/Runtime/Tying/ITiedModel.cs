namespace Declarative;

/// <summary>
/// A model with <see cref="TiedAttribute"/> fields. The generated code implements it, so that
/// <see cref="Tying.Penalty(ITiedModel[])"/> can tie models to each other and enclosing models find nested ones.
/// </summary>
public interface ITiedModel
{
    /// <summary>The model's tie groups.</summary>
    ParameterTying Tying { get; }
}
