# The holder enters the PIN during verification (field 52 under the PIK).
requirePin=1
