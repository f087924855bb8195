# Shortest host timeout the profile allows, for the silent-acquirer and bad-MAC scripts.
hostTimeout=5
