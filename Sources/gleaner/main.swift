print("gleaner")
